using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>How one tracker event moved one instance: priorities and fault reasons before and after.</summary>
public sealed record InstanceChange(
    InstanceTracking Instance,
    int OldTotal,
    int NewTotal,
    Priority OldEffective,
    Priority NewEffective,
    IReadOnlyList<FaultReason> OldFaults,
    IReadOnlyList<FaultReason> NewFaults)
{
    /// <summary>The priority on the wire moved: a MASTER carries it next, a BACKUP rescales its timer.</summary>
    public bool EffectivePriorityChanged => OldEffective != NewEffective;

    public bool FaultsChanged => !OldFaults.SequenceEqual(NewFaults);

    public bool WasFaulted => OldFaults.Count > 0;

    public bool IsFaulted => NewFaults.Count > 0;

    /// <summary>The instance must go to FAULT now (it was not faulted before).</summary>
    public bool EnteredFault => !WasFaulted && IsFaulted;

    /// <summary>Every fault reason is gone: the instance may leave FAULT (to BACKUP with a full timer).</summary>
    public bool LeftFault => WasFaulted && !IsFaulted;

    /// <summary>Every current reason is silent (weight-0 scripts in INIT): FAULT without notifications.</summary>
    public bool IsSilentFault => IsFaulted && NewFaults.All(f => f.Silent);
}
