using Microsoft.Extensions.Logging;

namespace Vigil.Logging;

/// <summary>Lines of <see cref="Vigil.Engine.Logging.LogCategories.Daemon"/>: the daemon's own lines (start, stop,
/// reload, sockets and kernel calls that failed). Trace lines are the <c>-D</c> timing summaries.</summary>
internal static partial class DaemonLogMessages
{
    [LoggerMessage(EventId = 1001, EventName = "Started", Level = LogLevel.Information,
        Message = "Vigil {Version} started: {Count} instance(s) from {ConfigFile}")]
    public static partial void Started(this ILogger logger, string version, int count, string configFile);

    [LoggerMessage(EventId = 1002, EventName = "Stopping", Level = LogLevel.Information,
        Message = "{Reason}: stopping")]
    public static partial void Stopping(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1003, EventName = "Stopped", Level = LogLevel.Information,
        Message = "Stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(EventId = 1004, EventName = "Reloading", Level = LogLevel.Information,
        Message = "Reloading configuration from {ConfigFile}")]
    public static partial void Reloading(this ILogger logger, string configFile);

    [LoggerMessage(EventId = 1005, EventName = "ReloadFailed", Level = LogLevel.Error,
        Message = "Reload failed: {ExceptionType}: {Error}")]
    public static partial void ReloadFailed(this ILogger logger, string exceptionType, string error);

    [LoggerMessage(EventId = 1006, EventName = "ReloadRefused", Level = LogLevel.Error,
        Message = "Reload refused: {Refusal}; keeping the running configuration")]
    public static partial void ReloadRefused(this ILogger logger, string refusal);

    [LoggerMessage(EventId = 1007, EventName = "ConfigError", Level = LogLevel.Error,
        Message = "{Diagnostic}")]
    public static partial void ConfigError(this ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 1008, EventName = "ConfigWarning", Level = LogLevel.Warning,
        Message = "{Diagnostic}")]
    public static partial void ConfigWarning(this ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 1009, EventName = "HmacKeyFileUnreadable", Level = LogLevel.Error,
        Message = "({Instance}) auth_hmac key file '{Path}' cannot be opened ({Error}); key {KeyId} left out")]
    public static partial void HmacKeyFileUnreadable(
        this ILogger logger,
        string instance,
        string path,
        string error,
        int keyId);

    [LoggerMessage(EventId = 1010, EventName = "LinkReported", Level = LogLevel.Information,
        Message = "Netlink reports {Interface} {UpOrDown}")]
    public static partial void LinkReported(this ILogger logger, string @interface, string upOrDown);

    [LoggerMessage(EventId = 1011, EventName = "TrackingProcesses", Level = LogLevel.Information,
        Message = "Tracking processes: {Mode}")]
    public static partial void TrackingProcesses(this ILogger logger, string mode);

    [LoggerMessage(EventId = 1012, EventName = "ProtocolPathCompiled", Level = LogLevel.Trace,
        Message = "Protocol path compiled in {Milliseconds} ms")]
    public static partial void ProtocolPathCompiled(this ILogger logger, string milliseconds);

    [LoggerMessage(EventId = 1013, EventName = "StartupGarbageReleased", Level = LogLevel.Trace,
        Message = "Start-up garbage released in {Milliseconds} ms (managed heap {HeapKiB} KiB)")]
    public static partial void StartupGarbageReleased(this ILogger logger, string milliseconds, long heapKiB);

    [LoggerMessage(EventId = 1014, EventName = "LatencySummary", Level = LogLevel.Trace,
        Message = "{Summary}")]
    public static partial void LatencySummary(this ILogger logger, string summary);

    [LoggerMessage(EventId = 1015, EventName = "ScriptsOutlivedDaemon", Level = LogLevel.Warning,
        Message = "Some scripts had not ended after SIGKILL when the daemon stopped")]
    public static partial void ScriptsOutlivedDaemon(this ILogger logger);

    [LoggerMessage(EventId = 1016, EventName = "NotifyNotStarted", Level = LogLevel.Warning,
        Message = "({Key}) notify script {Outcome}")]
    public static partial void NotifyNotStarted(this ILogger logger, string key, string outcome);

    [LoggerMessage(EventId = 1017, EventName = "TrackScriptNotStarted", Level = LogLevel.Warning,
        Message = "VRRP_Script({Script}) {Outcome}")]
    public static partial void TrackScriptNotStarted(this ILogger logger, string script, string outcome);

    [LoggerMessage(EventId = 1018, EventName = "InterfaceMissing", Level = LogLevel.Error,
        Message = "Interface {Interface} does not exist: its instances cannot send or receive")]
    public static partial void InterfaceMissing(this ILogger logger, string @interface);

    [LoggerMessage(EventId = 1019, EventName = "VrrpSocketFailed", Level = LogLevel.Error,
        Message = "Cannot open the VRRP socket on {Interface} ({Family}): {Error}")]
    public static partial void VrrpSocketFailed(this ILogger logger, string @interface, string family, string error);

    [LoggerMessage(EventId = 1020, EventName = "AhSocketFailed", Level = LogLevel.Error,
        Message = "Cannot open the AH (protocol 51) socket on {Interface}: {Error}")]
    public static partial void AhSocketFailed(this ILogger logger, string @interface, string error);

    [LoggerMessage(EventId = 1021, EventName = "PromoteSecondariesBadName", Level = LogLevel.Error,
        Message = "promote_secondaries: invalid interface name '{Interface}'")]
    public static partial void PromoteSecondariesBadName(this ILogger logger, string @interface);

    [LoggerMessage(EventId = 1022, EventName = "PromoteSecondariesFailed", Level = LogLevel.Error,
        Message = "cannot set promote_secondaries on {Interface}: {Error}")]
    public static partial void PromoteSecondariesFailed(this ILogger logger, string @interface, string error);

    [LoggerMessage(EventId = 1023, EventName = "NoVrrpSocket", Level = LogLevel.Error,
        Message = "({Instance}) no VRRP socket on {Interface}: advert not sent")]
    public static partial void NoVrrpSocket(this ILogger logger, string instance, string @interface);

    [LoggerMessage(EventId = 1024, EventName = "AdvertSendFailed", Level = LogLevel.Error,
        Message = "({Instance}) cannot send advert to {Destination}: errno {Errno}")]
    public static partial void AdvertSendFailed(this ILogger logger, string instance, string destination, int errno);

    [LoggerMessage(EventId = 1025, EventName = "AddressAddFailed", Level = LogLevel.Error,
        Message = "({Instance}) cannot add {Address} on {Interface}: {Error}")]
    public static partial void AddressAddFailed(
        this ILogger logger,
        string instance,
        string address,
        string @interface,
        string error);

    [LoggerMessage(EventId = 1026, EventName = "AddressRemoveFailed", Level = LogLevel.Error,
        Message = "({Instance}) cannot remove {Address} on {Interface}: {Error}")]
    public static partial void AddressRemoveFailed(
        this ILogger logger,
        string instance,
        string address,
        string @interface,
        string error);

    [LoggerMessage(EventId = 1027, EventName = "AnnounceNoInterface", Level = LogLevel.Error,
        Message = "({Instance}) cannot announce on {Interface}: no such Ethernet interface")]
    public static partial void AnnounceNoInterface(this ILogger logger, string instance, string @interface);

    [LoggerMessage(EventId = 1028, EventName = "AnnounceQueueFull", Level = LogLevel.Error,
        Message = "({Instance}) announcement queue full: some gratuitous ARPs / neighbour advertisements were " +
            "dropped (they are repeated at the next refresh)")]
    public static partial void AnnounceQueueFull(this ILogger logger, string instance);

    [LoggerMessage(EventId = 1029, EventName = "GratuitousArpFailed", Level = LogLevel.Error,
        Message = "({Instance}) cannot send a gratuitous ARP on {Interface}: errno {Errno}")]
    public static partial void GratuitousArpFailed(this ILogger logger, string instance, string @interface, int errno);

    [LoggerMessage(EventId = 1030, EventName = "NeighbourAdvertFailed", Level = LogLevel.Error,
        Message = "({Instance}) cannot send a neighbour advertisement on {Interface}: errno {Errno}")]
    public static partial void NeighbourAdvertFailed(
        this ILogger logger,
        string instance,
        string @interface,
        int errno);

    [LoggerMessage(EventId = 1031, EventName = "FifoWriteFailed", Level = LogLevel.Error,
        Message = "cannot write to notify FIFO {Path}: errno {Errno}")]
    public static partial void FifoWriteFailed(this ILogger logger, string path, int errno);

    [LoggerMessage(EventId = 1032, EventName = "HmacKeyFileShared", Level = LogLevel.Error,
        Message = "({Instance}) auth_hmac key file '{Path}' is readable by group or others")]
    public static partial void HmacKeyFileShared(this ILogger logger, string instance, string path);

    [LoggerMessage(EventId = 1033, EventName = "HmacKeyLength", Level = LogLevel.Error,
        Message = "({Instance}) auth_hmac key {KeyId} length {Length} not in range [32, 64]; left out")]
    public static partial void HmacKeyLength(this ILogger logger, string instance, int keyId, int length);

    [LoggerMessage(EventId = 1034, EventName = "NetNamespaceEntering", Level = LogLevel.Information,
        Message = "Entering network namespace {Namespace} ({Path})")]
    public static partial void NetNamespaceEntering(this ILogger logger, string @namespace, string path);

    [LoggerMessage(EventId = 1035, EventName = "NetNamespaceFailed", Level = LogLevel.Error,
        Message = "Unable to set network namespace {Namespace} - exiting: {Reason}")]
    public static partial void NetNamespaceFailed(this ILogger logger, string @namespace, string reason);

    [LoggerMessage(EventId = 1036, EventName = "NetNamespaceRunning", Level = LogLevel.Information,
        Message = "Running in network namespace {Namespace}: pid file {PidFile}, control socket {ControlSocket}")]
    public static partial void NetNamespaceRunning(
        this ILogger logger,
        string @namespace,
        string pidFile,
        string controlSocket);

    [LoggerMessage(EventId = 1037, EventName = "ConnectorNotHandedOver", Level = LogLevel.Warning,
        Message = "Process event connector not opened before entering {Namespace}: {Detail}")]
    public static partial void ConnectorNotHandedOver(this ILogger logger, string @namespace, string detail);

    [LoggerMessage(EventId = 1038, EventName = "ConnectorHandoverRefused", Level = LogLevel.Warning,
        Message = "Process event connector handover: {Reason}")]
    public static partial void ConnectorHandoverRefused(this ILogger logger, string reason);
}
