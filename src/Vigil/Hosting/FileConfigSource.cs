using Vigil.Config;

namespace Vigil.Hosting;

/// <summary>The real file system as an <see cref="IConfigSource"/>. Relative paths are resolved against the
/// working directory once, so every diagnostic names an absolute-or-as-given path consistently.</summary>
public sealed class FileConfigSource : IConfigSource
{
    // keepalived.conf files are small; a cap keeps a mistaken `-f /dev/zero` from eating memory.
    private const long MaxFileBytes = 16 * 1024 * 1024;

    public bool TryReadText(string path, out string text) => TryReadText(path, out text, out _);

    /// <summary>Only regular files are read, at most <see cref="MaxFileBytes"/> of them (see
    /// <see cref="ConfigFileReader"/>): a FIFO, /dev/zero or /dev/urandom is refused with a reason instead of blocking
    /// or filling memory.</summary>
    public bool TryReadText(string path, out string text, out string? error)
    {
        text = string.Empty;
        try
        {
            var read = ConfigFileReader.Read(path, MaxFileBytes, out error);
            if (read is null)
                return false;
            text = read;
            return true;
        }
        catch (Exception e) when (e is IOException
            or UnauthorizedAccessException
            or ArgumentException
            or NotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }

    public bool Exists(string path) => File.Exists(path);

    public IReadOnlyList<string> Glob(string directory, string pattern)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var expanded in GlobPattern.ExpandBraces(pattern))
        {
            var full = GlobPattern.Combine(directory, expanded);
            var segments = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
            Walk(full.StartsWith('/') ? "/" : ".", segments, 0, result);
        }
        return [.. result];
    }

    private static void Walk(string dir, string[] segments, int index, SortedSet<string> result)
    {
        if (result.Count > 4096)
            return;
        var seg = segments[index];
        var last = index == segments.Length - 1;
        IEnumerable<string> candidates;
        try
        {
            if (!GlobPattern.IsWild(seg))
            {
                candidates = [Path.Combine(dir, seg)];
            }
            else
            {
                if (!Directory.Exists(dir))
                    return;
                candidates = Directory.EnumerateFileSystemEntries(dir)
                    .Where(p => GlobPattern.Match(seg, Path.GetFileName(p)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
            foreach (var c in candidates)
            {
                if (last)
                {
                    if (File.Exists(c))
                        result.Add(c);
                }
                else if (Directory.Exists(c))
                {
                    Walk(c, segments, index + 1, result);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable directory simply matches nothing, as glob(3) with GLOB_ERR unset.
        }
    }
}
