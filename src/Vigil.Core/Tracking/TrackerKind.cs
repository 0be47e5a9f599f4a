namespace Vigil.Core.Tracking;

/// <summary>What a tracker watches. The lower-case name is what status, metrics and fault reasons print.</summary>
public enum TrackerKind
{
    Script,
    Interface,
    File,

    /// <summary>A vrrp_track_process: up while the number of matching processes is within quorum.</summary>
    Process,

    /// <summary>A fault condition the engine raises itself (no source address, duplicate VRID, ...).</summary>
    Condition,
}
