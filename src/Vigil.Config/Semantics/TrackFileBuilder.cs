using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

internal sealed class TrackFileBuilder(string name, SourceLocation at)
{
    public TrackFileConfig C = new() { Name = name, Location = at };
    public readonly List<KeywordUse> Other = [];

    public void Set(Func<TrackFileConfig, TrackFileConfig> change) => C = change(C);
}
