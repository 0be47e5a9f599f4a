using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

/// <summary>A consistent snapshot of the whole engine, taken between events.</summary>
public sealed record EngineStatus(
    IReadOnlyList<InstanceStatus> Instances,
    IReadOnlyList<ScriptStatus> Scripts,
    IReadOnlyList<SyncGroupStatus> SyncGroups,
    MonotonicTime? ConfigLoadedAt,
    bool Stopped)
{
    /// <summary>Every tracked vrrp_track_process, by name.</summary>
    public IReadOnlyList<ProcessTrackerStatus> Processes { get; init; } = [];
}
