namespace Vigil.Engine.Effects;

/// <summary>A log line in keepalived's wording (for example <c>(VI_1) Entering MASTER STATE</c>).
/// <paramref name="Detail"/> lines are only shown with <c>-D</c>.</summary>
public sealed record LogLine(EngineLogLevel Level, string Message, bool Detail = false) : EngineEffect;
