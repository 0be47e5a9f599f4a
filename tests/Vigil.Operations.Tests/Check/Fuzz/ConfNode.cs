using System.Text;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>One line of a generated keepalived.conf, optionally with a block. A tree rather than text so that a
/// failing file can be shrunk by removing nodes.</summary>
internal sealed class ConfNode(string text, List<ConfNode>? block = null)
{
    public string Text { get; set; } = text;
    public List<ConfNode>? Block { get; } = block;

    /// <summary>Broken braces: the closing brace is left out (the next section gets swallowed).</summary>
    public bool DropClose { get; init; }

    /// <summary>Written on one line: <c>keyword { a b }</c>.</summary>
    public bool Inline { get; init; }

    /// <summary>For `include FILE`: the included file's nodes, written beside the main file.</summary>
    public List<ConfNode>? Included { get; init; }
    public string? IncludedName { get; init; }

    public static ConfNode Line(string text) => new(text);

    public static ConfNode Section(string text, params ConfNode[] children) => new(text, [.. children]);

    public void Render(StringBuilder sb, int depth)
    {
        var pad = new string(' ', depth * 2);
        if (Block is null)
        {
            sb.Append(pad).Append(Text).Append('\n');
            return;
        }
        if (Inline && Block.All(c => c.Block is null))
        {
            sb.Append(pad)
                .Append(Text)
                .Append(" { ")
                .Append(string.Join(' ', Block.Select(c => c.Text)))
                .Append(DropClose ? "\n" : " }\n");
            return;
        }
        sb.Append(pad).Append(Text).Append(" {\n");
        foreach (var c in Block)
            c.Render(sb, depth + 1);
        if (!DropClose)
            sb.Append(pad).Append("}\n");
    }

    public ConfNode Clone() => new(Text, Block?.Select(c => c.Clone()).ToList())
    {
        DropClose = DropClose,
        Inline = Inline,
        Included = Included?.Select(c => c.Clone()).ToList(),
        IncludedName = IncludedName,
    };
}

/// <summary>A generated configuration: the main file's nodes (includes carry their own).</summary>
internal sealed class ConfFile(List<ConfNode> top)
{
    public List<ConfNode> Top { get; } = top;

    public ConfFile Clone() => new(Top.Select(n => n.Clone()).ToList());

    public static string Text(IEnumerable<ConfNode> nodes)
    {
        var sb = new StringBuilder();
        foreach (var n in nodes)
            n.Render(sb, 0);
        return sb.ToString();
    }

    /// <summary>Writes main.conf (and included files) into <paramref name="dir"/>; returns the main path.</summary>
    public string Write(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(dir))
            File.Delete(f);
        void Includes(IEnumerable<ConfNode> nodes)
        {
            foreach (var n in nodes)
            {
                if (n.Included is not null && n.IncludedName is not null)
                {
                    File.WriteAllText(Path.Combine(dir, n.IncludedName), Text(n.Included));
                    Includes(n.Included);
                }
                if (n.Block is not null)
                    Includes(n.Block);
            }
        }
        Includes(Top);
        var main = Path.Combine(dir, "main.conf");
        File.WriteAllText(main, Text(Top));
        return main;
    }

    /// <summary>Every list that holds removable nodes (for shrinking), outermost first.</summary>
    public IEnumerable<List<ConfNode>> Lists()
    {
        IEnumerable<List<ConfNode>> Walk(List<ConfNode> list)
        {
            yield return list;
            foreach (var n in list.ToList())
            {
                if (n.Block is not null)
                {
                    foreach (var l in Walk(n.Block))
                        yield return l;
                }

                if (n.Included is not null)
                {
                    foreach (var l in Walk(n.Included))
                        yield return l;
                }
            }
        }
        return Walk(Top);
    }
}
