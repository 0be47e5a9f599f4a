namespace Vigil.Config;

/// <summary>The file system as the configuration front end sees it. Paths are absolute or relative to the
/// caller's working directory; the real implementation lives in the executable, tests use in-memory ones.</summary>
public interface IConfigSource
{
    /// <summary>Reads a whole file as UTF-8 text; false when it does not exist or cannot be read.</summary>
    bool TryReadText(string path, out string text);

    /// <summary>As <see cref="TryReadText(string, out string)"/>, with the reason when it fails (for example "not a
    /// regular file (a FIFO)"), which the front end puts in the diagnostic.</summary>
    bool TryReadText(string path, out string text, out string? error)
    {
        error = null;
        return TryReadText(path, out text);
    }

    bool Exists(string path);

    /// <summary>Expands a glob pattern (`*`, `?`, `[...]`, `{a,b}`) relative to <paramref name="directory"/>
    /// (or absolute), returning the matching file paths sorted ordinally.</summary>
    IReadOnlyList<string> Glob(string directory, string pattern);
}
