using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Effects;

/// <summary>A log line in keepalived's wording (for example <c>(VI_1) Entering MASTER STATE</c>).
/// <paramref name="Detail"/> lines are only shown with <c>-D</c>. <paramref name="EventId"/> and
/// <paramref name="Category"/> come from the <c>[LoggerMessage]</c> method that wrote the line
/// (see <see cref="Logging.LogCategories"/> and docs/logging.md); the text itself never changes with them.</summary>
public sealed record LogLine(
    EngineLogLevel Level,
    string Message,
    bool Detail = false,
    EventId EventId = default,
    string Category = "") : EngineEffect;
