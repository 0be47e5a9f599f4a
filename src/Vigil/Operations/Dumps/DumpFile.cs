using System.Text;

namespace Vigil.Operations.Dumps;

/// <summary>Writes a dump so that a reader never sees half of it and a symlink planted at the path in a shared
/// /tmp is replaced, not followed: write a new file beside it (created exclusively, mode 0600), then rename over
/// the path.</summary>
public static class DumpFile
{
    public const string DefaultDataPath = "/tmp/keepalived.data";
    public const string DefaultStatsPath = "/tmp/keepalived.stats";
    public const string DefaultJsonPath = "/tmp/keepalived.json";

    public static void Write(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(contents);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(
            Path.GetDirectoryName(full) ?? "/",
            $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // 0600: the dump holds the configuration (addresses, scripts, auth_pass), so only root reads it.
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None
            };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
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
