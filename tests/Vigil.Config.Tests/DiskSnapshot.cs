using System.Collections.Concurrent;

namespace Vigil.Config.Tests;

/// <summary>The repository's test files as an <see cref="InMemoryConfigSource"/>: every file under a directory, read
/// once and kept at its absolute path, so the front end resolves includes exactly as on disk without the test
/// touching the executable's file system adapter. A path outside the directory (an absolute include of
/// /etc/keepalived/...) is absent, whatever this machine holds.</summary>
internal static class DiskSnapshot
{
    private static readonly ConcurrentDictionary<string, InMemoryConfigSource> Cache = new(StringComparer.Ordinal);

    /// <summary>The files under <paramref name="directory"/> (recursively), read on first use.</summary>
    public static InMemoryConfigSource Of(string directory) =>
        Cache.GetOrAdd(Path.GetFullPath(directory), static dir =>
        {
            var source = new InMemoryConfigSource();
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                source.Add(file, File.ReadAllText(file));
            }

            return source;
        });

    /// <summary>The files beside <paramref name="file"/> and below its directory.</summary>
    public static InMemoryConfigSource Around(string file) => Of(Path.GetDirectoryName(Path.GetFullPath(file))!);
}
