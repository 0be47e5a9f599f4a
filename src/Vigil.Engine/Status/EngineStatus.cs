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

    /// <summary>Transitions that broke a <see cref="TransitionInvariants"/> rule since start (0 unless there is a bug).</summary>
    public long InvariantViolations { get; init; }
}
