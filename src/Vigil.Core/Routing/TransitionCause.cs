namespace Vigil.Core.Routing;

/// <summary>Why an instance last changed state (for logs and <c>vigil status --explain</c>).</summary>
public enum TransitionCause
{
    None,
    StartedAsBackup,
    StartedFaulted,
    StartedAsOwner,
    MasterDownTimerExpired,
    HigherPriorityAdvert,
    EqualPriorityHigherAddress,
    FaultRaised,
    FaultCleared,
    SyncGroupMaster,
    SyncGroupBackup,

    /// <summary><c>timer_expired_backup</c>: the loop ran so late that another router may have taken over.</summary>
    TimerExpiredBackup,
    Stopped,
}
