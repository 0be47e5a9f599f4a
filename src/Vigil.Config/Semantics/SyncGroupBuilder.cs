using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Collects one `vrrp_sync_group` block, including the legacy form that lists members directly.</summary>
internal sealed class SyncGroupBuilder(string name, SourceLocation at)
{
    public SyncGroupConfig C = new() { Name = name, Location = at };
    public readonly List<(string Name, SourceLocation At)> Members = [];
    public readonly List<Statement> LegacyMembers = [];
    public readonly List<TrackerRef> Scripts = [];
    public readonly List<TrackerRef> Interfaces = [];
    public readonly List<TrackerRef> Files = [];
    public readonly List<TrackerRef> Processes = [];
    public readonly List<KeywordUse> Other = [];
    public bool GroupSeen;

    public void Set(Func<SyncGroupConfig, SyncGroupConfig> change) => C = change(C);
}
