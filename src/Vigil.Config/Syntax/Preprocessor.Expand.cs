using System.Globalization;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

internal sealed partial class Preprocessor
{
    /// <summary>Expands `~SEQ`/`~LST` prefixes (recursively) and parameters, then adds the resulting line(s).</summary>
    private void Emit(string line, SourceLocation at, int depth)
    {
        if (line.StartsWith("~SEQ", StringComparison.Ordinal) || line.StartsWith("~LST", StringComparison.Ordinal))
        {
            ExpandSequence(line, at, depth);
            return;
        }
        // A line as written in the file is not generated; one that parameters changed or a sequence repeats is.
        // Once the cap is reached, lines that may expand are dropped before expanding: expanding is the cost.
        var expands = line.Contains('$', StringComparison.Ordinal);
        if ((expands || depth > 0) && !WithinGeneratedCap(at))
            return;
        _expansionBudget = 4096;
        var text = expands ? Expand(line, DirectoryOf(at.File), at, 0) : line;
        var generated = depth > 0 || !string.Equals(text, line, StringComparison.Ordinal);
        if (generated)
            _generatedChars += text.Length;
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            if (generated)
                _generatedLines++;
            Lines.Add(new SourceLine(text, at.File, at.Line, at.Column));
            return;
        }
        // A multi-line parameter expands to several lines, all located at the use.
        foreach (var piece in text.Split('\n'))
        {
            var t = piece.Trim(' ', '\t', '\f', '\v', '\r');
            if (t.Length == 0)
                continue;
            if (++_generatedLines > MaxGeneratedLines)
            {
                WithinGeneratedCap(at);
                return;
            }
            Lines.Add(new SourceLine(t, at.File, at.Line, at.Column));
        }
    }

    /// <summary>False, with one diagnostic the first time, once parameters and sequences have produced their
    /// maximum; everything they would produce after that is dropped.</summary>
    private bool WithinGeneratedCap(SourceLocation at)
    {
        if (_generatedLines <= MaxGeneratedLines && _generatedChars <= MaxGeneratedChars)
            return true;
        if (!_generatedCapped)
        {
            _generatedCapped = true;
            _diag.Error(at, "parameter", $"parameters and sequences produce more than {MaxGeneratedLines} lines or "
                + $"{MaxGeneratedChars / (1024 * 1024)} MiB of text; the rest is dropped");
        }
        return false;
    }

    /// <summary>Substitutes `$NAME` (followed by a blank or the end), `${NAME}` and the predefined `${_...}`.
    /// Undefined names are left as written, as keepalived does.</summary>
    private string Expand(string text, string dir, SourceLocation at, int depth)
    {
        if (depth > MaxExpansionDepth || --_expansionBudget < 0 || text.Length > MaxExpandedLength)
        {
            if (_expansionBudget == -1 || depth > MaxExpansionDepth)
            {
                _diag.Error(
                    at,
                    "parameter",
                    "parameter expansion too large or too deep (a definition refers to itself?)");
            }

            _expansionBudget = Math.Min(_expansionBudget, -2);
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length && sb.Length <= MaxExpandedLength)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append(c);
                    i++;
                    continue;
                }
                var inner = text[(i + 2)..close];
                var value = Predefined(inner, dir, at);
                if (value is null && _params.TryGetValue(inner, out var v))
                    value = Expand(v, dir, at, depth + 1);
                sb.Append(value ?? text[i..(close + 1)]);
                i = close + 1;
                continue;
            }
            var j = i + 1;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
                j++;
            var name = text[(i + 1)..j];
            var atEnd = j >= text.Length || IsBlank(text[j]);
            if (name.Length > 0 && !char.IsAsciiDigit(name[0]) && atEnd && _params.TryGetValue(name, out var pv))
            {
                sb.Append(Expand(pv, dir, at, depth + 1));
                i = j;
                continue;
            }
            sb.Append(c);
            i++;
        }
        return sb.ToString();
    }

    private string? Predefined(string inner, string dir, SourceLocation at)
    {
        switch (inner)
        {
            case "_PWD": return dir;
            case "_INSTANCE": return _configId;
            case "_HASH": return "#";
            case "_BANG": return "!";
        }
        if (inner == "_ENV" || inner.StartsWith("_ENV ", StringComparison.Ordinal))
        {
            // keepalived 2.4.3: one variable name, an unset variable is empty. With no name or two names it leaves the
            // text unexpanded (and 2.4.3 crashes on a bare ${_ENV}); keepalived 2.2.7 has no ${_ENV} at all.
            var names = inner[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != 1)
            {
                _diag.Error(
                    at,
                    "parameter",
                    $"${{_ENV}} needs exactly one environment variable name, {names.Length} given; left unexpanded");
                return null;
            }
            _diag.Warning(
                at,
                "keepalived-2.3",
                $"${{_ENV {names[0]}}} is expanded by keepalived 2.3 and later (checked with 2.4.3); keepalived " +
                $"2.2.7 does not know it (\"Unexpected '{{'\", exit 5)");
            return _options.Environment.TryGetValue(names[0], out var env) ? env : string.Empty;
        }
        if (inner == "_RANDOM" || inner.StartsWith("_RANDOM ", StringComparison.Ordinal))
        {
            var parts = inner.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var min = 0;
            var max = 32767;
            if (parts.Length > 1
                && !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out min))
            {
                _diag.Error(at, "parameter", $"${{_RANDOM}} minimum '{parts[1]}' is not a number");
            }

            if (parts.Length > 2
                && !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out max))
            {
                _diag.Error(at, "parameter", $"${{_RANDOM}} maximum '{parts[2]}' is not a number");
            }

            return _random.Next(min, Math.Max(min, max)).ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>`~SEQ(var, [start,] [step,] end) rest` (start and step default to 1, as keepalived 2.2.7 does),
    /// `~SEQx(...)` (hex) and `~LST(var, v1, v2 ...)` or
    /// `~LST({a,b}, {1,2}, ...)`: the rest of the line is emitted once per value with the variable(s)
    /// defined.</summary>
    private void ExpandSequence(string line, SourceLocation at, int depth)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = FindClose(line, open);
        if (open < 0 || close < 0 || depth > 8)
        {
            _diag.Error(
                at,
                "sequence",
                depth > 8 ? "~SEQ/~LST nested too deeply" : "malformed ~SEQ/~LST: expected (...)");
            return;
        }
        var kind = line[..open];
        var args = SplitTopLevel(Expand(line[(open + 1)..close], DirectoryOf(at.File), at, 0));
        var rest = line[(close + 1)..].TrimStart(' ', '\t');
        if (kind is "~SEQ" or "~SEQx")
        {
            if (args.Count is < 2 or > 4)
            {
                _diag.Error(at, "sequence", $"{kind} needs (var, [start,] [step,] end)");
                return;
            }
            var nums = new long[args.Count - 1];
            for (var k = 1; k < args.Count; k++)
            {
                if (!long.TryParse(args[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out nums[k - 1]))
                {
                    _diag.Error(at, "sequence", $"{kind}: '{args[k]}' is not a whole number");
                    return;
                }
            }
            var (start, step, end) = nums.Length switch
            {
                1 => (1L, 1L, nums[0]),
                2 => (nums[0], 1L, nums[1]),
                _ => (nums[0], nums[1], nums[2]),
            };
            if (step == 0)
            {
                _diag.Error(at, "sequence", $"{kind}: step must not be 0");
                return;
            }
            var values = new List<string>();
            for (var v = start; step > 0 ? v <= end : v >= end; v += step)
            {
                values.Add(
                    kind == "~SEQx"
                        ? v.ToString("x", CultureInfo.InvariantCulture)
                        : v.ToString(CultureInfo.InvariantCulture));
                if (values.Count + _sequenceLines > MaxSequenceLines)
                    break;
            }
            RepeatWith([args[0]], values.ConvertAll(v => new[] { v }), rest, at, depth);
        }
        else if (kind == "~LST")
        {
            if (args.Count < 2)
            {
                _diag.Error(at, "sequence", "~LST needs (var, value, ...)");
                return;
            }
            var names = Unbrace(args[0]);
            var tuples = new List<string[]>();
            for (var k = 1; k < args.Count; k++)
            {
                var t = Unbrace(args[k]).ToArray();
                if (t.Length != names.Count)
                {
                    _diag.Error(at, "sequence", $"~LST: '{args[k]}' has {t.Length} values for {names.Count} variables");
                    return;
                }
                tuples.Add(t);
            }
            RepeatWith(names, tuples, rest, at, depth);
        }
        else
        {
            _diag.Error(at, "sequence", $"unknown sequence '{kind}' (expected ~SEQ, ~SEQx or ~LST)");
        }
    }

    private void RepeatWith(List<string> names, List<string[]> tuples, string rest, SourceLocation at, int depth)
    {
        foreach (var n in names)
        {
            if (_params.ContainsKey(n))
            {
                _diag.Error(at, "sequence", $"sequence variable '{n}' is already defined");
                return;
            }
        }
        foreach (var tuple in tuples)
        {
            if (!WithinGeneratedCap(at))
                break;
            if (++_sequenceLines > MaxSequenceLines)
            {
                _diag.Error(
                    at,
                    "sequence",
                    $"sequences produce more than {MaxSequenceLines} lines; the rest is dropped");
                break;
            }
            for (var k = 0; k < names.Count; k++)
                _params[names[k]] = tuple[k];
            if (rest.Length > 0)
                Emit(rest, at, depth + 1);
        }
        foreach (var n in names)
            _params.Remove(n);
    }

    private static int FindClose(string line, int open)
    {
        if (open < 0)
            return -1;
        var level = 0;
        for (var i = open; i < line.Length; i++)
        {
            if (line[i] == '(')
                level++;
            else if (line[i] == ')' && --level == 0)
                return i;
        }
        return -1;
    }

    private static List<string> SplitTopLevel(string s)
    {
        var list = new List<string>();
        var level = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '{')
            {
                level++;
            }
            else if (s[i] == '}')
            {
                level--;
            }
            else if (s[i] == ',' && level == 0)
            {
                list.Add(s[start..i].Trim());
                start = i + 1;
            }
        }
        list.Add(s[start..].Trim());
        return list;
    }

    private static List<string> Unbrace(string s)
    {
        s = s.Trim();
        if (s.Length >= 2 && s[0] == '{' && s[^1] == '}')
            return [.. s[1..^1].Split(',').Select(x => x.Trim())];
        return [s];
    }
}
