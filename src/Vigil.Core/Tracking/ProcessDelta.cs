namespace Vigil.Core.Tracking;

/// <summary>One process started (+1) or stopped (-1) matching the track_process <see cref="Tracker"/>.</summary>
public readonly record struct ProcessDelta(string Tracker, int Delta, ProcessCause Cause);
