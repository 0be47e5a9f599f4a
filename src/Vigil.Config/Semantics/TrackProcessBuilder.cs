using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

internal sealed class TrackProcessBuilder(string name, SourceLocation at)
{
    public TrackProcessConfig C = new() { Name = name, Location = at };
    public readonly List<KeywordUse> Other = [];

    public void Set(Func<TrackProcessConfig, TrackProcessConfig> change) => C = change(C);
}
