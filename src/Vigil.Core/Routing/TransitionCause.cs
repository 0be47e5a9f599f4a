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
    Stopped,
}
