namespace Vigil.Core.Tracking;

/// <summary>What one tracker says now, read from the core's tracking (the engine adds the sync group and publishes it
/// as its status record, <c>Vigil.Engine.Status.TrackerStatus</c>, which <c>vigil status --explain</c> shows).
/// <see cref="State"/> is INIT/OK/KO for scripts, UP/DOWN for interfaces and processes (quorum held or not), the
/// current value for files, ACTIVE/CLEAR for conditions.</summary>
public sealed record TrackerReading(
    TrackerKind Kind,
    string Name,
    string State,
    int Weight,
    bool Reverse,
    int Contribution,
    bool Fault,
    bool Silent);
