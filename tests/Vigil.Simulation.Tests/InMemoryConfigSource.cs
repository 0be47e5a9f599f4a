using Vigil.Config;

namespace Vigil.Simulation.Tests;

internal sealed class InMemoryConfigSource(Dictionary<string, string> files) : IConfigSource
{
    public bool TryReadText(string path, out string text) => files.TryGetValue(path, out text!);

    public bool Exists(string path) => files.ContainsKey(path);

    public IReadOnlyList<string> Glob(string directory, string pattern) => [];
}
