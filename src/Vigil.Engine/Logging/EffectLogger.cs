using Microsoft.Extensions.Logging;
using Vigil.Engine.Effects;

namespace Vigil.Engine.Logging;

/// <summary>
/// The engine's <see cref="ILogger"/>: it writes nothing, it appends a <see cref="LogLine"/> effect, so a log line
/// keeps its place among the other effects and the effect pump carries it out in order through
/// <see cref="Ports.ILogSink"/>. Every level is enabled: whether <c>-D</c> lines are shown is the sink's choice.
/// </summary>
internal sealed class EffectLogger(List<EngineEffect> effects, string category) : ILogger
{
    public string Category => category;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var (level, detail) = LogLevels.ToEngine(logLevel);
        effects.Add(new LogLine(level, formatter(state, exception), detail, eventId, category));
    }
}

/// <summary>One <see cref="EffectLogger"/> per engine category.</summary>
internal sealed class EngineLoggers(List<EngineEffect> effects)
{
    public ILogger Config { get; } = new EffectLogger(effects, LogCategories.Config);

    public ILogger Vrrp { get; } = new EffectLogger(effects, LogCategories.Vrrp);

    public ILogger Scripts { get; } = new EffectLogger(effects, LogCategories.Scripts);

    public ILogger Tracking { get; } = new EffectLogger(effects, LogCategories.Tracking);

    public ILogger Auth { get; } = new EffectLogger(effects, LogCategories.Auth);

    public ILogger Routes { get; } = new EffectLogger(effects, LogCategories.Routes);
}
