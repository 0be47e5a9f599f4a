namespace Vigil.Core.Tracking;

/// <summary>Where a script counter is in its life: still waiting for its first result (two flavours), or
/// running normally.</summary>
public enum ScriptPhase
{
    /// <summary>Started with the daemon: no contribution yet, and a weight-0 tracker holds its instance in a
    /// silent FAULT until the first result.</summary>
    Init,

    /// <summary>Added by a reload: no contribution and no FAULT before the first result, so a running MASTER
    /// is not dragged through FAULT.</summary>
    InitReload,

    /// <summary>Has had at least one result (or started in KO through <c>init_fail</c>).</summary>
    Done,
}
