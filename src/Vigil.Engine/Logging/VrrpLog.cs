using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Vrrp"/>: the state machines, in keepalived's words where it has them
/// (operators grep for <c>Entering MASTER STATE</c>). Debug is keepalived's detail level (<c>-D</c>).</summary>
internal static partial class VrrpLog
{
    [LoggerMessage(EventId = 201, EventName = "EnteringState", Level = LogLevel.Information,
        Message = "({Instance}) Entering {State} STATE{Init}")]
    public static partial void EnteringState(this ILogger logger, string instance, string state, string init);

    [LoggerMessage(EventId = 202, EventName = "Stopped", Level = LogLevel.Information,
        Message = "({Instance}) Stopped")]
    public static partial void Stopped(this ILogger logger, string instance);

    [LoggerMessage(EventId = 203, EventName = "FaultReasons", Level = LogLevel.Debug,
        Message = "({Instance}) fault reasons: {Reasons}")]
    public static partial void FaultReasons(this ILogger logger, string instance, string reasons);

    [LoggerMessage(EventId = 204, EventName = "SyncGroupSyncing", Level = LogLevel.Information,
        Message = "VRRP_Group({Group}) Syncing instances to {State} state")]
    public static partial void SyncGroupSyncing(this ILogger logger, string group, string state);

    [LoggerMessage(EventId = 205, EventName = "AhWithoutIPv4Source", Level = LogLevel.Error,
        Message = "({Instance}) cannot send AH adverts without an IPv4 source address on {Interface}")]
    public static partial void AhWithoutIPv4Source(this ILogger logger, string instance, string @interface);

    [LoggerMessage(EventId = 206, EventName = "AdvertNotEncoded", Level = LogLevel.Error,
        Message = "({Instance}) cannot encode an advert (check version, family and interval)")]
    public static partial void AdvertNotEncoded(this ILogger logger, string instance);

    [LoggerMessage(EventId = 207, EventName = "VipRestored", Level = LogLevel.Warning,
        Message = "({Instance}) {Address} was removed from {Interface} while MASTER - adding it back")]
    public static partial void VipRestored(this ILogger logger, string instance, string address, string @interface);

    [LoggerMessage(EventId = 208, EventName = "LinesSuppressed", Level = LogLevel.Warning,
        Message = "({Instance}) suppressed {Count} log lines (limit: {Burst} at once, then one a second)")]
    public static partial void LinesSuppressed(this ILogger logger, string instance, long count, int burst);

    [LoggerMessage(EventId = 209, EventName = "IntervalMismatch", Level = LogLevel.Information,
        Message = "({Instance}) advertisement interval mismatch ours={Ours}ms rcv'd={Received}ms")]
    public static partial void IntervalMismatch(this ILogger logger, string instance, int ours, int received);

    [LoggerMessage(EventId = 210, EventName = "LowerPriorityDiscarded", Level = LogLevel.Debug,
        Message = "({Instance}) received lower priority ({Theirs}) advert from {From} - discarding")]
    public static partial void LowerPriorityDiscarded(this ILogger logger, string instance, int theirs, string from);

    [LoggerMessage(EventId = 211, EventName = "MasterSawHigherPriority", Level = LogLevel.Information,
        Message = "({Instance}) Master received advert from {From} with higher priority {Theirs}, ours {Ours}")]
    public static partial void MasterSawHigherPriority(
        this ILogger logger,
        string instance,
        string from,
        int theirs,
        int ours);

    [LoggerMessage(EventId = 212, EventName = "MasterSawHigherAddress", Level = LogLevel.Information,
        Message = "({Instance}) Master received advert from {From} with same priority {Theirs} " +
            "but higher IP address than ours")]
    public static partial void MasterSawHigherAddress(this ILogger logger, string instance, string from, int theirs);

    [LoggerMessage(EventId = 213, EventName = "MasterSawLowerPriority", Level = LogLevel.Information,
        Message = "({Instance}) Received advert from {From} " +
            "with lower priority {Theirs}, ours {Ours}, forcing new election")]
    public static partial void MasterSawLowerPriority(
        this ILogger logger,
        string instance,
        string from,
        int theirs,
        int ours);

    [LoggerMessage(EventId = 214, EventName = "EqualPriorityFromOwnAddress", Level = LogLevel.Warning,
        Message = "({Instance}) WARNING - equal priority advert received from remote host with our IP address.")]
    public static partial void EqualPriorityFromOwnAddress(this ILogger logger, string instance);

    [LoggerMessage(EventId = 215, EventName = "ReceiveTimeout", Level = LogLevel.Debug,
        Message = "({Instance}) Receive advertisement timeout")]
    public static partial void ReceiveTimeout(this ILogger logger, string instance);

    [LoggerMessage(EventId = 216, EventName = "PreemptDelayStarted", Level = LogLevel.Debug,
        Message = "({Instance}) received lower priority ({Theirs}) advert from {From} - starting preempt delay")]
    public static partial void PreemptDelayStarted(this ILogger logger, string instance, int theirs, string from);

    [LoggerMessage(EventId = 217, EventName = "BothAddressOwners", Level = LogLevel.Information,
        Message = "({Instance}) CONFIGURATION ERROR: " +
            "local instance and {From} are both configured as address owner, please resolve")]
    public static partial void BothAddressOwners(this ILogger logger, string instance, string from);

    [LoggerMessage(EventId = 218, EventName = "RogueOwnerStillAdvertising", Level = LogLevel.Information,
        Message = "({Instance}) {From} is still advertising as address owner, please resolve - reducing our priority")]
    public static partial void RogueOwnerStillAdvertising(this ILogger logger, string instance, string from);

    [LoggerMessage(EventId = 219, EventName = "RogueOwnerStopped", Level = LogLevel.Information,
        Message = "({Instance}): rogue address owner appears to have stopped advertising")]
    public static partial void RogueOwnerStopped(this ILogger logger, string instance);

    [LoggerMessage(EventId = 220, EventName = "OwnerPriorityRestored", Level = LogLevel.Information,
        Message = "({Instance}) Restoring our priority to 255 since other address owner has disappeared")]
    public static partial void OwnerPriorityRestored(this ILogger logger, string instance);

    [LoggerMessage(EventId = 221, EventName = "SyncGroupHoldsMaster", Level = LogLevel.Debug,
        Message = "({Instance}) sync group {Group} is not ready to become MASTER; waiting")]
    public static partial void SyncGroupHoldsMaster(this ILogger logger, string instance, string group);

    [LoggerMessage(EventId = 222, EventName = "ProtocolEvent", Level = LogLevel.Trace,
        Message = "({Instance}) {Event}")]
    public static partial void ProtocolEvent(this ILogger logger, string instance, string @event);

    [LoggerMessage(EventId = 223, EventName = "InvariantBroken", Level = LogLevel.Error,
        Message = "({Instance}) invariant broken on entering {State} STATE: {Broken}")]
    public static partial void InvariantBroken(this ILogger logger, string instance, string state, string broken);

    [LoggerMessage(EventId = 224, EventName = "AddressAddFailed", Level = LogLevel.Error,
        Message = "({Instance}) failed to add {Address} on {Interface}: {Error}")]
    public static partial void AddressAddFailed(
        this ILogger logger,
        string instance,
        string address,
        string @interface,
        string error);

    [LoggerMessage(EventId = 225, EventName = "AddressRemoveFailed", Level = LogLevel.Error,
        Message = "({Instance}) failed to remove {Address} on {Interface}: {Error}")]
    public static partial void AddressRemoveFailed(
        this ILogger logger,
        string instance,
        string address,
        string @interface,
        string error);

    [LoggerMessage(EventId = 230, EventName = "AhInvalidIcv", Level = LogLevel.Warning,
        Message = "({Instance}) IPSEC-AH : invalid IPSEC HMAC-MD5 value from {Source}. " +
            "Due to fields mutation or bad password !")]
    public static partial void AhInvalidIcv(this ILogger logger, string instance, string source);

    [LoggerMessage(EventId = 231, EventName = "AhInvalidSpi", Level = LogLevel.Warning,
        Message = "({Instance}) IPSEC-AH : invalid IPSEC SPI value {Spi}, expected the source address {Source}")]
    public static partial void AhInvalidSpi(this ILogger logger, string instance, string spi, string source);

    [LoggerMessage(EventId = 232, EventName = "AhSequenceReplayed", Level = LogLevel.Warning,
        Message = "({Instance}) IPSEC-AH : sequence number {Sequence} already processed. " +
            "Packet dropped. Local({Local})")]
    public static partial void AhSequenceReplayed(this ILogger logger, string instance, uint sequence, uint local);

    [LoggerMessage(EventId = 233, EventName = "AhSequenceSynced", Level = LogLevel.Information,
        Message = "({Instance}) IPSEC-AH : Syncing seq_num - Increment seq")]
    public static partial void AhSequenceSynced(this ILogger logger, string instance);
}
