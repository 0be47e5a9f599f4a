using Microsoft.Extensions.Logging;

namespace Vigil.Logging;

/// <summary>Lines of <see cref="Vigil.Engine.Logging.LogCategories.Operations"/>: control socket, metrics and dumps
/// (the operations host builds the text).</summary>
internal static partial class OperationsLogMessages
{
    [LoggerMessage(EventId = 1401, EventName = "OperationsNote", Level = LogLevel.Information,
        Message = "{Note}")]
    public static partial void OperationsNote(this ILogger logger, string note);
}
