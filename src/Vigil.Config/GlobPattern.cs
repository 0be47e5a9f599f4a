using System.Text;

namespace Vigil.Config;

/// <summary>glob(3) pattern pieces shared by every <see cref="IConfigSource"/>: `{a,b}` brace expansion and
/// per-segment matching of `*`, `?` and `[...]` (a leading '.' is only matched explicitly).</summary>
public static class GlobPattern
{
    public static bool IsWild(string segment) => segment.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Expands `{a,b}` groups (nested allowed) into separate patterns, left to right.</summary>
    public static List<string> ExpandBraces(string pattern)
    {
        var results = new List<string>();
        Expand(pattern, results, 0);
        return results;
    }

    private static void Expand(string pattern, List<string> into, int depth)
    {
        var open = pattern.IndexOf('{', StringComparison.Ordinal);
        if (open < 0 || depth > 16 || into.Count > 1024)
        {
            into.Add(pattern);
            return;
        }
        var level = 0;
        var close = -1;
        var commas = new List<int>();
        for (var i = open; i < pattern.Length; i++)
        {
            if (pattern[i] == '{')
            {
                level++;
            }
            else if (pattern[i] == '}' && --level == 0)
            {
                close = i;
                break;
            }
            else if (pattern[i] == ',' && level == 1)
            {
                commas.Add(i);
            }
        }
        if (close < 0 || commas.Count == 0)
        {
            into.Add(pattern);
            return;
        }
        var prefix = pattern[..open];
        var suffix = pattern[(close + 1)..];
        var start = open + 1;
        commas.Add(close);
        foreach (var c in commas)
        {
            Expand(prefix + pattern[start..c] + suffix, into, depth + 1);
            start = c + 1;
        }
    }

    /// <summary>Matches one path segment (no '/') against a pattern segment.</summary>
    public static bool Match(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
            return false;
        return Match(pattern, 0, name, 0, 0);
    }

    private static bool Match(string p, int pi, string s, int si, int depth)
    {
        if (depth > 64)
            return false;
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                while (pi < p.Length && p[pi] == '*')
                    pi++;
                if (pi == p.Length)
                    return true;
                for (var k = si; k <= s.Length; k++)
                {
                    if (Match(p, pi, s, k, depth + 1))
                        return true;
                }
                return false;
            }
            if (si >= s.Length)
                return false;
            if (c == '?')
            {
                pi++;
                si++;
                continue;
            }
            if (c == '[')
            {
                var end = p.IndexOf(']', pi + 2);
                if (end > pi)
                {
                    var set = p[(pi + 1)..end];
                    var negate = set.StartsWith('!') || set.StartsWith('^');
                    if (negate)
                        set = set[1..];
                    if (InSet(set, s[si]) == negate)
                        return false;
                    pi = end + 1;
                    si++;
                    continue;
                }
            }
            if (c == '\\' && pi + 1 < p.Length)
                c = p[++pi];
            if (c != s[si])
                return false;
            pi++;
            si++;
        }
        return si == s.Length;
    }

    private static bool InSet(string set, char ch)
    {
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                if (ch >= set[i] && ch <= set[i + 2])
                    return true;
                i += 2;
            }
            else if (set[i] == ch)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Joins a relative path to a directory; absolute paths are returned unchanged.</summary>
    public static string Combine(string directory, string path)
    {
        if (path.StartsWith('/'))
            return path;
        var sb = new StringBuilder(directory.Length + path.Length + 1).Append(directory);
        if (!directory.EndsWith('/'))
            sb.Append('/');
        return Normalize(sb.Append(path).ToString());
    }

    /// <summary>Removes `.` and `..` segments and doubled slashes (textually).</summary>
    public static string Normalize(string path)
    {
        var absolute = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var seg in path.Split('/'))
        {
            if (seg.Length == 0 || seg == ".")
                continue;
            if (seg == ".." && parts.Count > 0 && parts[^1] != "..")
                parts.RemoveAt(parts.Count - 1);
            else if (seg != ".." || !absolute)
                parts.Add(seg);
        }
        var joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
