using System.Globalization;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

/// <summary>keepalived's line layer (lib/parser.c behaviour): reads the file and its includes, strips comments,
/// keeps `@ID` lines for this config-id, records `$NAME=` parameters, expands `~SEQ`/`~LST` and substitutes
/// parameters. The output is a flat list of located logical lines.</summary>
internal sealed partial class Preprocessor
{
    // keepalived reads with a 1024-byte buffer; longer lines are dropped there, so they are here too.
    private const int MaxLineLength = 1023;
    private const int MaxIncludeDepth = 32;
    private const int MaxExpansionDepth = 32;
    private const int MaxSequenceLines = 200_000;

    // Parameters and sequences multiply text: a 200-byte file can ask for millions of lines, or a parameter of
    // parameters for gigabytes. What they produce is capped in lines and in characters, so loading stays bounded in
    // time and memory whatever the file says (a reload must not stall or kill the daemon).
    private const int MaxGeneratedLines = 200_000;
    private const long MaxGeneratedChars = 16 * 1024 * 1024;
    private int _generatedLines;
    private long _generatedChars;
    private bool _generatedCapped;

    private readonly IConfigSource _source;
    private readonly ConfigOptions _options;
    private readonly DiagnosticBag _diag;
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly List<string> _includeStack = [];
    private readonly DeterministicRandom _random;
    private readonly string _configId;
    private int _sequenceLines;

    // Mutually recursive parameters ($A=$B $B, $B=$A $A) grow exponentially; a per-line budget stops them.
    private const int MaxExpandedLength = 64 * 1024;
    private int _expansionBudget;

    public List<SourceLine> Lines { get; } = [];
    public List<string> Files { get; } = [];

    public Preprocessor(IConfigSource source, ConfigOptions options, DiagnosticBag diag)
    {
        _source = source;
        _options = options;
        _diag = diag;
        _random = new DeterministicRandom(options.RandomSeed);
        _configId = options.EffectiveConfigId;
    }

    /// <summary>Reads the main file; false when it cannot be read (keepalived: cannot run).</summary>
    public bool ReadMain(string path)
    {
        if (!_source.TryReadText(path, out var text, out var why))
        {
            _diag.Fatal(new SourceLocation(path, 0, 0), "file-not-found",
                $"configuration file not found or not readable{(why is null ? string.Empty : ": " + why)}");
            return false;
        }
        ReadText(path, text);
        return true;
    }

    private void ReadText(string file, string text)
    {
        Files.Add(file);
        _includeStack.Add(file);
        var dir = DirectoryOf(file);
        var lineNo = 0;
        var pos = 0;
        string? multiName = null;
        StringBuilder? multiValue = null;
        while (pos <= text.Length)
        {
            var nl = text.IndexOf('\n', pos);
            var end = nl < 0 ? text.Length : nl;
            if (nl < 0 && pos == text.Length)
                break;
            var raw = text.Substring(pos, end - pos);
            pos = end + 1;
            lineNo++;
            if (raw.Length > 0 && raw[^1] == '\r')
                raw = raw[..^1];
            var here = new SourceLocation(file, lineNo, 1);

            if (raw.Contains('\0', StringComparison.Ordinal))
            {
                _diag.Error(here, "nul-byte", "line contains a NUL byte; keepalived ignores the whole line");
                continue;
            }
            if (Encoding.UTF8.GetByteCount(raw) > MaxLineLength)
            {
                _diag.Error(here, "line-too-long", $"line longer than {MaxLineLength} bytes; keepalived ignores it");
                continue;
            }

            var indent = 0;
            while (indent < raw.Length && IsBlank(raw[indent]))
                indent++;
            var line = Decomment(raw, here).Trim(' ', '\t', '\f', '\v', '\r');

            if (multiName is not null)
            {
                // Continuation of a multi-line `$NAME=` definition.
                var more = line.EndsWith('\\');
                multiValue!.Append('\n').Append(more ? line[..^1] : line);
                if (!more)
                {
                    _params[multiName] = multiValue.ToString();
                    multiName = null;
                }
                continue;
            }
            if (line.Length == 0)
                continue;

            var column = indent + 1;
            if (TryInclude(line, dir, here with { Column = column }))
                continue;

            if (!Conditional(ref line, ref column, here))
                continue;

            if (line[0] == '$' && TryDefinition(line, here with { Column = column }, out var startsMulti, out var name))
            {
                if (startsMulti)
                {
                    multiName = name;
                    multiValue = new StringBuilder();
                }
                continue;
            }

            // keepalived reads the text after a brace as a line of its own, so an `@ID` there selects (or drops)
            // the rest of the line, closing braces included.
            while (ConditionalAfterBrace(line) is var cut && cut > 0)
            {
                Emit(line[..cut].TrimEnd(' ', '\t'), new SourceLocation(file, lineNo, column), 0);
                line = line[cut..];
                column += cut;
                if (!Conditional(ref line, ref column, here))
                    break;
            }
            if (line.Length > 0 && line[0] != '@')
                Emit(line, new SourceLocation(file, lineNo, column), 0);
        }
        if (multiName is not null)
        {
            _params[multiName] = multiValue!.ToString();
            _diag.Warning(
                new SourceLocation(file, lineNo, 1),
                "parameter",
                $"multi-line definition of ${multiName} runs to the end of the file");
        }
        _includeStack.RemoveAt(_includeStack.Count - 1);
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\f' or '\v';

    /// <summary>keepalived's <c>@ID rest</c> / <c>@^ID rest</c>: true with <paramref name="line"/> cut to the rest
    /// when this host is selected; false when the line (or what is left of it) is dropped.</summary>
    private bool Conditional(ref string line, ref int column, SourceLocation here)
    {
        if (line.Length == 0 || line[0] != '@')
            return line.Length > 0;
        var sp = line.IndexOfAny([' ', '\t']);
        var id = sp < 0 ? line[1..] : line[1..sp];
        var negate = id.StartsWith('^');
        if (negate)
            id = id[1..];
        if (id.Length == 0)
            _diag.Error(here with { Column = column }, "conditional", "'@' without a config-id");
        var selected = negate
            ? !string.Equals(id, _configId, StringComparison.Ordinal)
            : string.Equals(id, _configId, StringComparison.Ordinal);
        if (!selected || sp < 0)
            return false;
        var rest = line[sp..];
        var trimmed = rest.TrimStart(' ', '\t');
        column += sp + (rest.Length - trimmed.Length);
        line = trimmed;
        return line.Length > 0;
    }

    /// <summary>The index of an <c>@</c> that starts the text after a <c>{</c> or <c>}</c> (outside quotes), or
    /// -1.</summary>
    private static int ConditionalAfterBrace(string line)
    {
        var inQuote = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && c is '{' or '}')
            {
                var j = i + 1;
                while (j < line.Length && IsBlank(line[j]))
                    j++;
                if (j < line.Length && line[j] == '@')
                    return j;
            }
        }
        return -1;
    }

    /// <summary>Cuts the line at the first `#` or `!` outside double quotes; `\#` and `\!` give the character
    /// itself.</summary>
    private string Decomment(string raw, SourceLocation at)
    {
        if (raw.IndexOfAny(['#', '!', '"', '\\']) < 0)
            return raw;
        var sb = new StringBuilder(raw.Length);
        var inQuote = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '#' or '!')
            {
                sb.Append(raw[++i]);
                continue;
            }
            if (c == '\\' && i + 1 < raw.Length && inQuote && raw[i + 1] == '"')
            {
                sb.Append(c).Append(raw[++i]);
                continue;
            }
            if (c == '"')
                inQuote = !inQuote;
            else if (!inQuote && c is '#' or '!')
                return sb.ToString();
            sb.Append(c);
        }
        if (inQuote)
        {
            _diag.Error(
                at with { Column = raw.IndexOf('"', StringComparison.Ordinal) + 1 },
                "unterminated-quote",
                "unterminated quote");
        }

        return sb.ToString();
    }

    private bool TryDefinition(string line, SourceLocation at, out bool startsMulti, out string name)
    {
        startsMulti = false;
        var i = 1;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
            i++;
        name = line[1..i];
        if (i >= line.Length || line[i] != '=' || name.Length == 0 || char.IsAsciiDigit(name[0]))
            return false;
        if (name[0] == '_')
        {
            _diag.Error(at, "parameter", $"parameter names starting with '_' are reserved: ${name}");
            return true;
        }
        var value = line[(i + 1)..];
        if (value.EndsWith('\\'))
        {
            startsMulti = true;
            var first = value[..^1].Trim();
            if (first.Length > 0)
                _diag.Warning(at, "parameter", $"text after ${name}= on the first line of a multi-line definition");
            return true;
        }
        _params[name] = value.Trim();
        return true;
    }

    private static string DirectoryOf(string file)
    {
        var slash = file.LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : file[..slash];
    }
}
