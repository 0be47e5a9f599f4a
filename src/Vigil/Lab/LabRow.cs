namespace Vigil.Lab;

/// <summary>One node in the live table. <paramref name="State"/> is "DOWN" when the daemon does not answer.</summary>
public sealed record LabRow(
    string Node,
    string State,
    int? EffectivePriority,
    int? BasePriority,
    bool HoldsAddress,
    bool CheckFailing,
    bool LinkCut,
    DateTimeOffset? LastTransitionAt);
