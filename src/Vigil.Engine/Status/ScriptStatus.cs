using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

/// <summary>One <c>vrrp_script</c>: its counter and run history.</summary>
public sealed record ScriptStatus(
    string Name,
    ScriptState State,
    int Result,
    int Rise,
    int Fall,
    long Runs,
    int? LastExitStatus,
    string? LastOutcome,
    long? LastDurationMs,
    bool Running,
    bool Tracked,
    int IntervalMs,
    int TimeoutMs);
