using Microsoft.Extensions.Logging;

namespace Vigil.Logging;

/// <summary>Lines of <see cref="Vigil.Engine.Logging.LogCategories.Vmac"/>: VMAC interfaces (keepalived's wording where
/// it has one).</summary>
internal static partial class VmacLogMessages
{
    [LoggerMessage(EventId = 1101, EventName = "VmacRecreating", Level = LogLevel.Information,
        Message = "({Instance}) VMAC {Name} differs from the configuration (base, MAC or mode): recreating it")]
    public static partial void VmacRecreating(this ILogger logger, string instance, string name);

    [LoggerMessage(EventId = 1102, EventName = "VmacReused", Level = LogLevel.Information,
        Message = "({Instance}) Reusing VMAC interface {Name} (ifindex {Index})")]
    public static partial void VmacReused(this ILogger logger, string instance, string name, int index);

    [LoggerMessage(EventId = 1103, EventName = "VmacCreated", Level = LogLevel.Information,
        Message = "({Instance}) Success creating VMAC interface {Name} (ifindex {Index}, {Mac}) on {BaseInterface}")]
    public static partial void VmacCreated(
        this ILogger logger,
        string instance,
        string name,
        int index,
        string mac,
        string baseInterface);

    [LoggerMessage(EventId = 1104, EventName = "VmacAddressAssigned", Level = LogLevel.Information,
        Message = "({Instance}) Assigned address {Address} for interface {Name}")]
    public static partial void VmacAddressAssigned(this ILogger logger, string instance, string address, string name);

    [LoggerMessage(EventId = 1105, EventName = "VmacDeleted", Level = LogLevel.Information,
        Message = "({Instance}) Deleted VMAC interface {Name}")]
    public static partial void VmacDeleted(this ILogger logger, string instance, string name);

    [LoggerMessage(EventId = 1106, EventName = "VmacDeleteFailed", Level = LogLevel.Error,
        Message = "cannot delete VMAC interface {Name}: {Error}")]
    public static partial void VmacDeleteFailed(this ILogger logger, string name, string error);

    [LoggerMessage(EventId = 1107, EventName = "VmacBaseMissing", Level = LogLevel.Error,
        Message = "({Instance}) interface {BaseInterface} does not exist: VMAC {Name} will be created when it appears")]
    public static partial void VmacBaseMissing(this ILogger logger, string instance, string baseInterface, string name);

    [LoggerMessage(EventId = 1108, EventName = "VmacFailed", Level = LogLevel.Error,
        Message = "({Instance}) {Problem}")]
    public static partial void VmacFailed(this ILogger logger, string instance, string problem);
}
