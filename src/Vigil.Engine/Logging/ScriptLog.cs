using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Scripts"/>: track scripts (keepalived's <c>VRRP_Script(...)</c> lines)
/// and notify runs.</summary>
internal static partial class ScriptLog
{
    [LoggerMessage(EventId = 301, EventName = "ScriptNowReturning", Level = LogLevel.Debug,
        Message = "Script `{Script}` now returning {ExitCode}")]
    public static partial void NowReturning(this ILogger logger, string script, int exitCode);

    [LoggerMessage(EventId = 302, EventName = "ScriptTimedOut", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) timed_out")]
    public static partial void TimedOut(this ILogger logger, string script);

    [LoggerMessage(EventId = 303, EventName = "ScriptSucceeded", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) succeeded")]
    public static partial void Succeeded(this ILogger logger, string script);

    [LoggerMessage(EventId = 304, EventName = "ScriptFailedWithStatus", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) failed (exited with status {ExitCode})")]
    public static partial void FailedWithStatus(this ILogger logger, string script, int exitCode);

    [LoggerMessage(EventId = 305, EventName = "ScriptFailedBySignal", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) failed (due to signal {Signal})")]
    public static partial void FailedBySignal(this ILogger logger, string script, int signal);

    [LoggerMessage(EventId = 306, EventName = "ScriptNotStarted", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) failed (could not be started)")]
    public static partial void NotStarted(this ILogger logger, string script);

    [LoggerMessage(EventId = 307, EventName = "ScriptRunLost", Level = LogLevel.Warning,
        Message = "VRRP_Script({Script}) run {RunId} was never reported - counting it as timed out")]
    public static partial void RunLost(this ILogger logger, string script, long runId);

    [LoggerMessage(EventId = 308, EventName = "ScriptStillRunning", Level = LogLevel.Debug,
        Message = "Track script {Script} is already running, expect idle - skipping run")]
    public static partial void StillRunning(this ILogger logger, string script);

    [LoggerMessage(EventId = 309, EventName = "ScriptKeptOnReload", Level = LogLevel.Information,
        Message = "VRRP_Script({Script}) considered {Outcome} on reload")]
    public static partial void KeptOnReload(this ILogger logger, string script, string outcome);

    [LoggerMessage(EventId = 310, EventName = "NotifyFailed", Level = LogLevel.Warning,
        Message = "notify for {Key} (#{NotifyId}) failed: {Outcome} {ExitCode}")]
    public static partial void NotifyFailed(
        this ILogger logger,
        string key,
        long notifyId,
        string outcome,
        int exitCode);
}
