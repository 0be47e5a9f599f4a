namespace Vigil.Engine.Status;

/// <summary>One tracker of an instance. <see cref="Kind"/> is <c>script</c>, <c>interface</c> or <c>file</c>;
/// <see cref="State"/> is <c>INIT|OK|KO</c> for scripts, <c>UP|DOWN</c> for interfaces, the value for files.
/// <see cref="Faulting"/> is true when this tracker alone puts the instance in FAULT. <see cref="FromSyncGroup"/>
/// names the group when the relation was declared on the group.</summary>
public sealed record TrackerStatus(
    string Kind,
    string Name,
    string State,
    int Weight,
    bool Reverse,
    int Contribution,
    bool Faulting,
    string? FromSyncGroup);
