namespace Vigil.Core.Routing;

/// <summary>Protocol happenings the engine turns into keepalived-worded log lines.</summary>
public enum VrrpLogEvent
{
    ReceivedLowerPriorityDiscarding,
    MasterReceivedHigherPriority,
    MasterReceivedEqualPriorityHigherAddress,
    MasterReceivedLowerPriority,
    EqualPriorityFromOwnAddress,
    ReceiveTimeout,
    PreemptDelayStarted,
    SyncGroupHoldsMaster,
    BothAddressOwners,
    RogueOwnerStillAdvertising,
    RogueOwnerStopped,
    OwnerPriorityRestored,
}
