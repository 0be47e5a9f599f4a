namespace Vigil.Engine.Effects;

/// <summary>Run a notify script. Runs with the same <paramref name="Key"/> (the instance or group name) must run one
/// at a time in the order emitted, so a slow script never sees states out of order. Report completion with
/// <see cref="VrrpEngine.OnNotifyCompleted"/> (optional; used for counters only).</summary>
public sealed record RunNotify(string Key, IReadOnlyList<string> Argv, string? User, string? Group, long NotifyId)
    : EngineEffect;
