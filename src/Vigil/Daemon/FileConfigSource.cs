using Vigil.Config;

namespace Vigil.Daemon;

/// <summary>The real file system for the configuration front end. Globs support <c>*</c>, <c>?</c> and
/// <c>[...]</c> in the last path component (keepalived's include patterns in practice).</summary>
public sealed class FileConfigSource : IConfigSource
{
    public bool TryReadText(string path, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = "";
            return false;
        }
    }

    public bool Exists(string path) => File.Exists(path);

    public IReadOnlyList<string> Glob(string directory, string pattern)
    {
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(directory, pattern);
        var dir = Path.GetDirectoryName(full) ?? "/";
        var name = Path.GetFileName(full);
        if (!Directory.Exists(dir))
            return [];
        var regex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(name)
            .Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal)
            .Replace(@"\[", "[", StringComparison.Ordinal) + "$");
        return [.. Directory.GetFiles(dir).Where(f => regex.IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal)];
    }
}
