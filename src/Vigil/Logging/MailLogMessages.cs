using Microsoft.Extensions.Logging;

namespace Vigil.Logging;

/// <summary>Lines of <see cref="Vigil.Engine.Logging.LogCategories.Mail"/>: the SMTP sender's own words (it builds
/// them).</summary>
internal static partial class MailLogMessages
{
    [LoggerMessage(EventId = 1301, EventName = "MailProblem", Level = LogLevel.Warning,
        Message = "{Problem}")]
    public static partial void MailProblem(this ILogger logger, string problem);

    [LoggerMessage(EventId = 1302, EventName = "MailDetail", Level = LogLevel.Debug,
        Message = "{Detail}")]
    public static partial void MailDetail(this ILogger logger, string detail);
}
