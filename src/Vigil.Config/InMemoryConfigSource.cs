namespace Vigil.Config;

/// <summary>An <see cref="IConfigSource"/> over a dictionary of path → text: for tests, benchmarks and for
/// checking configurations that never touch a disk. Paths are normalised; relative ones are taken from "/".</summary>
public sealed class InMemoryConfigSource : IConfigSource
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemoryConfigSource()
    {
    }

    public InMemoryConfigSource(IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (path, text) in files)
            Add(path, text);
    }

    public InMemoryConfigSource Add(string path, string text)
    {
        _files[Full(path)] = text;
        return this;
    }

    public bool TryReadText(string path, out string text) => _files.TryGetValue(Full(path), out text!);

    public bool Exists(string path) => _files.ContainsKey(Full(path));

    public IReadOnlyList<string> Glob(string directory, string pattern)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in GlobPattern.ExpandBraces(pattern))
        {
            var full = Full(GlobPattern.Combine(directory, p));
            var segs = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
            foreach (var file in _files.Keys)
            {
                var fs = file.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (fs.Length != segs.Length)
                    continue;
                var ok = true;
                for (var i = 0; i < segs.Length && ok; i++)
                    ok = GlobPattern.IsWild(segs[i]) ? GlobPattern.Match(segs[i], fs[i]) : segs[i] == fs[i];
                if (ok)
                    result.Add(file);
            }
        }
        return [.. result];
    }

    private static string Full(string path) => GlobPattern.Normalize(path.StartsWith('/') ? path : "/" + path);
}
