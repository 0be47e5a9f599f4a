using Vigil.Config;

namespace Vigil.Lab;

/// <summary>Configuration files held in memory (the simulated lab never touches the disk for them).</summary>
internal sealed class InMemoryConfigSource(IReadOnlyDictionary<string, string> files) : IConfigSource
{
    public bool TryReadText(string path, out string text) => files.TryGetValue(path, out text!);

    public bool Exists(string path) => files.ContainsKey(path);

    public IReadOnlyList<string> Glob(string directory, string pattern) => [];
}
