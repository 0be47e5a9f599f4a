using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.SyncGroups;

namespace Vigil.Engine;

/// <summary>A running sync group: the coupling object plus what notifications need.</summary>
internal sealed class SyncGroupRuntime(SyncGroupConfig config)
{
    public SyncGroupConfig Config { get; } = config;
    public SyncGroup Group { get; } = new(config.Name);
    public List<InstanceRuntime> Members { get; } = [];
    public string Name => Config.Name;

    /// <summary>The group state last notified, so group notifies fire once per group transition.</summary>
    public VrrpState NotifiedState { get; set; } = VrrpState.Init;

    public bool AnyMemberFaulted => Members.Exists(m => m.Tracking.IsFaulted);
}
