using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Routes"/>: virtual routes and rules the kernel refused.</summary>
internal static partial class RouteLog
{
    [LoggerMessage(EventId = 601, EventName = "RouteAddFailed", Level = LogLevel.Error,
        Message = "({Owner}) failed to add route {Route}: {Error}")]
    public static partial void RouteAddFailed(this ILogger logger, string owner, string route, string error);

    [LoggerMessage(EventId = 602, EventName = "RouteRemoveFailed", Level = LogLevel.Error,
        Message = "({Owner}) failed to remove route {Route}: {Error}")]
    public static partial void RouteRemoveFailed(this ILogger logger, string owner, string route, string error);

    [LoggerMessage(EventId = 603, EventName = "RuleAddFailed", Level = LogLevel.Error,
        Message = "({Owner}) failed to add rule {Rule}: {Error}")]
    public static partial void RuleAddFailed(this ILogger logger, string owner, string rule, string error);

    [LoggerMessage(EventId = 604, EventName = "RuleRemoveFailed", Level = LogLevel.Error,
        Message = "({Owner}) failed to remove rule {Rule}: {Error}")]
    public static partial void RuleRemoveFailed(this ILogger logger, string owner, string rule, string error);

    [LoggerMessage(EventId = 605, EventName = "RouteChangeFailed", Level = LogLevel.Error,
        Message = "({Owner}) failed to change routes: {Error}")]
    public static partial void RouteChangeFailed(this ILogger logger, string owner, string error);
}
