using Microsoft.Extensions.Logging;
using Vigil.Engine.Effects;

namespace Vigil.Engine.Logging;

/// <summary>
/// keepalived has syslog levels plus "detail" lines shown only with <c>-D</c>; Microsoft.Extensions.Logging has
/// one level. The two meet here, one way only each: <see cref="LogLevel.Debug"/> is keepalived's detail line
/// (written at syslog info, as keepalived writes it), <see cref="LogLevel.Trace"/> is syslog debug (also only
/// with <c>-D</c>). So a [LoggerMessage] declares both the priority and whether <c>-D</c> is needed.
/// </summary>
public static class LogLevels
{
    public static (EngineLogLevel Level, bool Detail) ToEngine(LogLevel level) => level switch
    {
        LogLevel.Trace => (EngineLogLevel.Debug, true),
        LogLevel.Debug => (EngineLogLevel.Info, true),
        LogLevel.Information => (EngineLogLevel.Info, false),
        LogLevel.Warning => (EngineLogLevel.Warning, false),
        _ => (EngineLogLevel.Error, false),
    };

    public static LogLevel FromEngine(EngineLogLevel level, bool detail) => (level, detail) switch
    {
        (EngineLogLevel.Debug, _) => LogLevel.Trace,
        (EngineLogLevel.Info or EngineLogLevel.Notice, true) => LogLevel.Debug,
        (EngineLogLevel.Info or EngineLogLevel.Notice, false) => LogLevel.Information,
        (EngineLogLevel.Warning, _) => LogLevel.Warning,
        _ => LogLevel.Error,
    };
}
