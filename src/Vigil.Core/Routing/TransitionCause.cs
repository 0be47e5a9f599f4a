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

    /// <summary>keepalived's answer to a tracked VIP, virtual route or virtual rule deleted under a MASTER: BACKUP
    /// with priority 0 sent and only Skew_Time to wait.</summary>
    TrackedEntryDeleted,
}
