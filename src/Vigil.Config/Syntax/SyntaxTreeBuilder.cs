using System.Text;
using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

/// <summary>Turns logical lines into statements with blocks. Braces may sit on the keyword line, on their own
/// lines, or hold a whole block on one line; a line is split at each unquoted brace. Built without recursion so
/// that absurd nesting cannot exhaust the stack.</summary>
internal static class SyntaxTreeBuilder
{
    public static List<Statement> Build(IReadOnlyList<SourceLine> lines, DiagnosticBag diag)
    {
        var root = new List<Statement>();
        var stack = new Stack<(Statement Owner, List<Statement> Outer)>();
        var current = root;
        Statement? candidate = null;
        var tokens = new List<Token>();
        var last = SourceLocation.None;
        var shadow = new GlobalDefsShadow();
        var words = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in lines)
        {
            tokens.Clear();
            Tokenize(line, tokens, diag, words);
            var i = 0;
            while (i < tokens.Count)
            {
                var t = tokens[i];
                var at = new SourceLocation(line.File, line.Line, line.Column + t.Start);
                last = at;
                if (t.Kind == TokenKind.Open)
                {
                    shadow.Open();
                    var owner = candidate;
                    if (owner is not null
                        && owner.Block is null
                        && stack.Count > 0
                        && SectionKeywords.Contains(owner.Keyword))
                    {
                        // A section keyword inside a section (usually after a missing '}'): keepalived reports it as
                        // unknown and ignores its '{', so the lines after it belong to the enclosing section and the
                        // next '}' closes that section. Doing the same keeps the rest of the file where keepalived has
                        // it.
                        diag.Ignored(at, "unexpected-brace",
                            $"'{owner.Keyword}' cannot open a section inside '{stack.Peek().Owner.Keyword}' (is a " +
                            $"'}}' missing before it?); its '{{' is ignored as keepalived ignores it, and the lines " +
                            $"after it stay in '{stack.Peek().Owner.Keyword}'");
                        if (stack.Last().Owner.Keyword == "global_defs")
                            shadow.IgnoredBraceInGlobalDefs(at);
                        candidate = null;
                        i++;
                        continue;
                    }
                    if (stack.Count > 0 && ListBlocks.Contains(stack.Peek().Owner.Keyword))
                    {
                        // Inside a list (addresses, peers, trackers, members) keepalived reads every word of a line as
                        // an item, a '{' included (an invalid one), and the next '}' closes the list.
                        diag.Ignored(
                            at,
                            "unexpected-brace",
                            $"'{{' inside the '{stack.Peek().Owner.Keyword}' list is not a block; ignored as " +
                            $"keepalived ignores it (is a '}}' missing on an earlier line?)");
                        i++;
                        continue;
                    }
                    if (owner is null || owner.Block is not null)
                    {
                        diag.Error(at, "unexpected-brace", "unexpected '{' without a keyword; its block is ignored");
                        owner = new Statement
                        {
                            Keyword = "{",
                            Args = [],
                            RawArgs = string.Empty,
                            Location = at,
                            ArgColumns = []
                        };
                    }
                    owner.Block = [];
                    stack.Push((owner, current));
                    current = owner.Block;
                    candidate = null;
                    i++;
                    continue;
                }
                if (t.Kind == TokenKind.Close)
                {
                    if (stack.Count == 0)
                    {
                        shadow.Close();
                        diag.Error(at, "extra-brace", "extra '}' with no open block");
                    }
                    else
                    {
                        var (owner, outer) = stack.Pop();
                        owner.BlockEnd = at;
                        current = outer;
                        if (stack.Count == 0 && owner.Keyword == "global_defs")
                            shadow.GlobalDefsClosed();
                        else
                            shadow.Close();
                    }
                    candidate = null;
                    i++;
                    continue;
                }
                var j = i + 1;
                while (j < tokens.Count && tokens[j].Kind == TokenKind.Word)
                    j++;
                var args = new string[j - i - 1];
                var cols = new int[j - i - 1];
                for (var k = i + 1; k < j; k++)
                {
                    args[k - i - 1] = tokens[k].Text;
                    cols[k - i - 1] = line.Column + tokens[k].Start;
                }
                var rawEnd = j < tokens.Count ? tokens[j].Start : line.Text.Length;
                var rawStart = Math.Min(t.End, rawEnd);
                var st = new Statement
                {
                    Keyword = t.Text,
                    Args = args,
                    RawArgs = line.Text[rawStart..rawEnd].Trim(),
                    Location = at,
                    ArgColumns = cols,
                };
                if (stack.Count == 0 && shadow.Hiding && st.Keyword != "global_defs")
                {
                    // Parsed (its diagnostics matter) but not kept: keepalived's VRRP process never sees it.
                    diag.Ignored(at, "hidden-by-global-defs",
                        $"'{st.Keyword}' is still inside global_defs for keepalived's VRRP process (a '{{' it " +
                        $"ignored there at {shadow.IgnoredAt} is counted when it skips global_defs), so keepalived " +
                        $"never reads this section; ignored");
                }
                else
                {
                    current.Add(st);
                }

                candidate = st;
                i = j;
            }
        }
        while (stack.Count > 0)
        {
            var (owner, outer) = stack.Pop();
            diag.Error(owner.Location, "missing-brace", $"block of '{owner.Keyword}' is never closed (missing '}}')");
            owner.BlockEnd = last;
            current = outer;
        }
        return root;
    }

    /// <summary>Generic-level tokens: blanks separate, `"..."` makes one word without its quotes, braces
    /// outside quotes are tokens of their own.</summary>
    // The top-level sections (kept here rather than taken from the keyword tables: the syntax layer comes first).
    private static readonly HashSet<string> SectionKeywords = new(StringComparer.Ordinal)
    {
        // Not track_file: it is also a block inside vrrp_instance and vrrp_sync_group.
        "global_defs", "vrrp_script", "vrrp_instance", "vrrp_sync_group", "vrrp_track_file", "vrrp_track_process",
        "garp_group", "virtual_server", "virtual_server_group", "bfd_instance", "static_ipaddress", "static_routes",
        "static_rules",
    };

    // Blocks that hold one item per line rather than keywords.
    private static readonly HashSet<string> ListBlocks = new(StringComparer.Ordinal)
    {
        "virtual_ipaddress", "virtual_ipaddress_excluded", "unicast_peer", "track_interface", "track_script",
        "track_file", "track_process", "track_bfd", "group", "virtual_routes", "virtual_rules",
    };

    /// <summary>Splits one line into tokens. Unquoted words come from <paramref name="words"/>, the words of this
    /// load: the model keeps some of them for as long as the daemon runs (interface, script and group names, once
    /// per instance), and a thousand instances on eth0 then share one "eth0" instead of keeping a thousand.</summary>
    internal static void Tokenize(
        SourceLine line,
        List<Token> tokens,
        DiagnosticBag diag,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> words)
    {
        var s = line.Text;
        var i = 0;
        StringBuilder? sb = null;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\t' or '\f' or '\v' or '\r')
            {
                i++;
                continue;
            }
            if (c is '{' or '}')
            {
                tokens.Add(
                    new Token(c == '{' ? TokenKind.Open : TokenKind.Close, c == '{' ? "{" : "}", i, i + 1, false));
                i++;
                continue;
            }
            var start = i;
            var quoted = false;
            var simple = true;
            while (i < s.Length && s[i] is not (' ' or '\t' or '\f' or '\v' or '\r' or '{' or '}'))
            {
                if (s[i] == '"')
                {
                    simple = false;
                    break;
                }
                i++;
            }
            if (simple)
            {
                var span = s.AsSpan(start, i - start);
                if (!words.TryGetValue(span, out var word))
                {
                    word = span.ToString();
                    words.Set.Add(word);
                }

                tokens.Add(new Token(TokenKind.Word, word, start, i, false));
                continue;
            }
            sb ??= new StringBuilder();
            sb.Clear();
            i = start;
            while (i < s.Length)
            {
                var ch = s[i];
                if (ch == '"')
                {
                    quoted = true;
                    var endQ = i + 1;
                    while (endQ < s.Length && !(s[endQ] == '"' && s[endQ - 1] != '\\'))
                        endQ++;
                    if (endQ >= s.Length)
                    {
                        diag.Error(
                            new SourceLocation(line.File, line.Line, line.Column + i),
                            "unterminated-quote",
                            "unterminated quote");
                        sb.Append(s, i + 1, s.Length - i - 1);
                        i = s.Length;
                        break;
                    }
                    sb.Append(s, i + 1, endQ - i - 1);
                    i = endQ + 1;
                    continue;
                }
                if (ch is ' ' or '\t' or '\f' or '\v' or '\r' or '{' or '}')
                    break;
                sb.Append(ch);
                i++;
            }
            tokens.Add(new Token(TokenKind.Word, sb.ToString(), start, i, quoted));
        }
    }
}
