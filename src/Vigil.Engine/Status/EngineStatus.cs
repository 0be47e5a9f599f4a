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

    /// <summary>Transitions that broke a <see cref="TransitionInvariants"/> rule since start (0 unless there is a
    /// bug).</summary>
    public long InvariantViolations { get; init; }

    /// <summary>Route and rule changes (static and virtual) the kernel refused since start.</summary>
    public long RouteFailures { get; init; }

    /// <summary>Tracked routes and rules someone else deleted since start: a MASTER's virtual ones (it left MASTER to
    /// re-install them) and static ones (restored at once).</summary>
    public long RouteDeletions { get; init; }

    /// <summary>static_ipaddress, static_routes, static_rules in force.</summary>
    public IReadOnlyList<string> StaticAddresses { get; init; } = [];
    public IReadOnlyList<string> StaticRoutes { get; init; } = [];
    public IReadOnlyList<string> StaticRules { get; init; } = [];
}
