namespace Vigil.Core.Tracking;

/// <summary>What one tracker does to its instance right now: a priority contribution, or a fault
/// (a silent fault is a weight-0 script still in INIT: FAULT without notifications).</summary>
public readonly record struct TrackerEffect(int Contribution, bool Fault, bool Silent = false)
{
    public static readonly TrackerEffect None = new(0, false);

    public static TrackerEffect Faulted(bool silent = false) => new(0, true, silent);
}
