using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

internal sealed partial class Preprocessor
{
    /// <summary>`include PATTERN` and its checking variants. Plain `include` never fails in keepalived; the
    /// variants require r(eadable), m(atch), w(ildcard match), b(race match), a(ll).</summary>
    private bool TryInclude(string line, string dir, SourceLocation at)
    {
        if (!line.StartsWith("include", StringComparison.Ordinal))
            return false;
        var sp = line.IndexOfAny([' ', '\t']);
        var word = sp < 0 ? line : line[..sp];
        if (word is not ("include" or "includer" or "includem" or "includew" or "includeb" or "includea"))
            return false;
        var pattern = sp < 0 ? string.Empty : line[(sp + 1)..].Trim();
        if (pattern.Length >= 2 && pattern[0] == '"' && pattern[^1] == '"')
            pattern = pattern[1..^1];
        if (pattern.Length == 0)
        {
            _diag.Error(at, "include", $"'{word}' needs a file name or pattern");
            return true;
        }
        // keepalived resolves ${_PWD} and friends here too (configs in the wild rely on `include ${_PWD}/x.conf`).
        if (pattern.Contains('$', StringComparison.Ordinal))
            pattern = Expand(pattern, dir, at, 0);
        var strict = word != "include";
        IReadOnlyList<string> matches;
        try
        {
            matches = _source.Glob(dir, pattern);
        }
        catch (ArgumentException)
        {
            matches = [];
        }
        if (word is "includeb" or "includea" && matches.Count > 0)
        {
            // Every brace alternative must match something on its own.
            foreach (var alt in GlobPattern.ExpandBraces(pattern))
            {
                if (alt != pattern && _source.Glob(dir, alt).Count == 0)
                    _diag.Error(at, "include", $"{word} {pattern}: alternative {alt} matches no file");
            }
        }
        if (matches.Count == 0)
        {
            var isWild = pattern.IndexOfAny(['*', '?', '[']) >= 0;
            var isBrace = pattern.Contains('{', StringComparison.Ordinal);
            var mustMatch = word is "includem" or "includea"
                || (word == "includew" && isWild)
                || (word == "includeb" && isBrace)
                || (word == "includer" && !isWild);
            if (mustMatch)
                _diag.Error(at, "include", $"{word} {pattern}: no file matches");
            else
                _diag.Warning(at, "include", $"include {pattern}: no file matches (keepalived silently reads nothing)");
            return true;
        }
        foreach (var file in matches)
        {
            if (_includeStack.Contains(file, StringComparer.Ordinal))
            {
                _diag.Error(at, "include-cycle", $"include cycle: {file} is already being read");
                continue;
            }
            if (_includeStack.Count >= MaxIncludeDepth)
            {
                _diag.Error(at, "include-depth", $"includes nested deeper than {MaxIncludeDepth} levels");
                continue;
            }
            if (!_source.TryReadText(file, out var text, out var why))
            {
                var message = $"{file}: cannot be read{(why is null ? string.Empty : ": " + why)}";
                // A file that is there but refused (a FIFO, a device, too large) is always an error: its content is
                // missing.
                if (strict || why is not null)
                    _diag.Error(at, "include", message);
                else
                    _diag.Warning(at, "include", message);
                continue;
            }
            ReadText(file, text);
        }
        return true;
    }
}
