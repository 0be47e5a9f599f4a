using System.Text;

namespace Vigil.Operations.Dumps;

/// <summary>Writes a dump so that a reader never sees half of it and a symlink planted at the path in a shared
/// /tmp is replaced, not followed: write a new file beside it (created exclusively), then rename over the path.</summary>
public static class DumpFile
{
    public const string DefaultDataPath = "/tmp/keepalived.data";
    public const string DefaultStatsPath = "/tmp/keepalived.stats";

    public static void Write(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(contents);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? "/", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(contents);
                stream.Write(bytes);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
