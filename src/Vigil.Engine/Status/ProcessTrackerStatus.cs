using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

/// <summary>One tracked <c>vrrp_track_process</c>: how many processes match, the quorum range, and whether a
/// delay is holding back a change (<see cref="PendingUntil"/>, null when none).</summary>
public sealed record ProcessTrackerStatus(
    string Name,
    bool Up,
    int Count,
    int Quorum,
    int? QuorumMax,
    int ForkDelayMs,
    int TerminateDelayMs,
    MonotonicTime? PendingUntil);
