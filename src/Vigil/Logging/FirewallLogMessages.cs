using Microsoft.Extensions.Logging;

namespace Vigil.Logging;

/// <summary>Lines of <see cref="Vigil.Engine.Logging.LogCategories.Firewall"/>: nftables.</summary>
internal static partial class FirewallLogMessages
{
    [LoggerMessage(EventId = 1201, EventName = "NftablesProblem", Level = LogLevel.Warning,
        Message = "{Problem}")]
    public static partial void NftablesProblem(this ILogger logger, string problem);

    [LoggerMessage(EventId = 1202, EventName = "TablesNotRemoved", Level = LogLevel.Warning,
        Message = "nftables: the tables could not be removed before the daemon stopped")]
    public static partial void TablesNotRemoved(this ILogger logger);

    [LoggerMessage(EventId = 1210, EventName = "NftablesRecovered", Level = LogLevel.Information,
        Message = "{What}")]
    public static partial void NftablesRecovered(this ILogger logger, string what);
}
