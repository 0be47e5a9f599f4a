namespace Vigil.Core.Tracking;

/// <summary>A tracker as <c>vigil status --explain</c> shows it. <see cref="State"/> is INIT/OK/KO for scripts,
/// UP/DOWN for interfaces and processes (quorum held or not), the current value for files, ACTIVE/CLEAR for conditions.</summary>
public sealed record TrackerStatus(
    TrackerKind Kind,
    string Name,
    string State,
    int Weight,
    bool Reverse,
    int Contribution,
    bool Fault,
    bool Silent);
