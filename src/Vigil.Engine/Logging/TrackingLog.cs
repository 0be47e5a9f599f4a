using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Tracking"/>: interfaces, processes and the priority they move.</summary>
internal static partial class TrackingLog
{
    [LoggerMessage(EventId = 401, EventName = "LinkReported", Level = LogLevel.Information,
        Message = "Netlink reports {Interface} {UpOrDown}")]
    public static partial void LinkReported(this ILogger logger, string @interface, string upOrDown);

    [LoggerMessage(EventId = 402, EventName = "EffectivePriorityChanged", Level = LogLevel.Information,
        Message = "({Instance}) Changing effective priority from {Old} to {New}")]
    public static partial void EffectivePriorityChanged(this ILogger logger, string instance, int old, int @new);

    [LoggerMessage(EventId = 403, EventName = "ProcessQuorum", Level = LogLevel.Information,
        Message = "Quorum {GainedOrLost} for tracked process {Process}")]
    public static partial void ProcessQuorum(this ILogger logger, string gainedOrLost, string process);
}
