namespace Vigil.Core.Tracking;

/// <summary>Why a process started or stopped matching a track_process. The cause picks the debounce: a fork
/// waits <c>fork_delay</c>, an exit waits <c>terminate_delay</c>, anything else acts at once (keepalived 2.2.7
/// behaves so, in both directions: see docs/track-process.md).</summary>
public enum ProcessCause
{
    /// <summary>Found by a scan of /proc (start-up, reload, or a poll that saw a new process).</summary>
    Scan,

    /// <summary>The process ran exec(): it may now match other trackers than before.</summary>
    Exec,

    /// <summary>A matching process forked: the child is a copy of it until it execs.</summary>
    Fork,

    /// <summary>The process exited (or a poll no longer found it).</summary>
    Exit,

    /// <summary>The process renamed itself (PR_SET_NAME, /proc/PID/comm).</summary>
    Comm,
}
