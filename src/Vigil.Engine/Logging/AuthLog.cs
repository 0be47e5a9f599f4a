using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Auth"/>: auth_hmac (drop lines in keepalived 2.4.3's wording).</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 501, EventName = "HmacActiveKeyUndefined", Level = LogLevel.Error,
        Message = "({Instance}) auth_hmac active_key {KeyId} is not defined, disabling extension")]
    public static partial void HmacActiveKeyUndefined(this ILogger logger, string instance, int keyId);

    [LoggerMessage(EventId = 502, EventName = "HmacClockSkew", Level = LogLevel.Warning,
        Message = "({Instance}) clock skew of {Skew}s with {Source}, over half of time_window {Window}s: check NTP")]
    public static partial void HmacClockSkew(
        this ILogger logger,
        string instance,
        long skew,
        string source,
        int window);

    [LoggerMessage(EventId = 503, EventName = "HmacTrailerMissing", Level = LogLevel.Warning,
        Message = "({Instance}) missing authentication trailer from {Source}")]
    public static partial void HmacTrailerMissing(this ILogger logger, string instance, string source);

    [LoggerMessage(EventId = 504, EventName = "HmacTrailerMalformed", Level = LogLevel.Warning,
        Message = "({Instance}) malformed authentication trailer from {Source}")]
    public static partial void HmacTrailerMalformed(this ILogger logger, string instance, string source);

    [LoggerMessage(EventId = 505, EventName = "HmacUnknownKey", Level = LogLevel.Warning,
        Message = "({Instance}) unknown authentication key id {KeyId} from {Source}")]
    public static partial void HmacUnknownKey(this ILogger logger, string instance, int keyId, string source);

    [LoggerMessage(EventId = 506, EventName = "HmacInvalid", Level = LogLevel.Warning,
        Message = "({Instance}) invalid authentication HMAC from {Source}")]
    public static partial void HmacInvalid(this ILogger logger, string instance, string source);

    [LoggerMessage(EventId = 507, EventName = "HmacStale", Level = LogLevel.Warning,
        Message = "({Instance}) stale authentication trailer from {Source}, " +
            "clock skew {Skew} sec exceeds window {Window} sec")]
    public static partial void HmacStale(this ILogger logger, string instance, string source, long skew, string window);

    [LoggerMessage(EventId = 508, EventName = "HmacReplayed", Level = LogLevel.Warning,
        Message = "({Instance}) replayed authentication trailer from {Source}")]
    public static partial void HmacReplayed(this ILogger logger, string instance, string source);
}
