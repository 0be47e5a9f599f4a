using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Routes"/>: virtual routes and rules the kernel refused, and tracked ones
/// someone else deleted.</summary>
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

    [LoggerMessage(EventId = 606, EventName = "StaticRouteRestored", Level = LogLevel.Information,
        Message = "Restoring deleted static route {Route}")]
    public static partial void StaticRouteRestored(this ILogger logger, string route);

    [LoggerMessage(EventId = 607, EventName = "StaticRuleRestored", Level = LogLevel.Information,
        Message = "Restoring deleted static rule {Rule}")]
    public static partial void StaticRuleRestored(this ILogger logger, string rule);

    [LoggerMessage(EventId = 609, EventName = "StaticAddressRestored", Level = LogLevel.Information,
        Message = "Restoring deleted static address {Address} dev {Interface}")]
    public static partial void StaticAddressRestored(this ILogger logger, string address, string @interface);

    // keepalived says nothing beyond its state change; naming the entry tells an operator why MASTER was left.
    [LoggerMessage(EventId = 608, EventName = "TrackedEntryDeleted", Level = LogLevel.Information,
        Message = "({Instance}) {Entry} was deleted while MASTER - leaving MASTER to re-install it")]
    public static partial void TrackedEntryDeleted(this ILogger logger, string instance, string entry);
}
