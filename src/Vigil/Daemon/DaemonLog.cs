using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Daemon;

/// <summary>
/// Log lines on stderr. Under systemd (JOURNAL_STREAM set) each line carries a <c>&lt;N&gt;</c> syslog
/// priority prefix so journald keeps levels; with <c>-l</c> on a console each line starts with a timestamp.
/// Detail lines appear only with <c>-D</c>. Writes are synchronous and small: stderr is a pipe or the journal.
/// Each line leaves with one write(2) as it is written: the writer is a plain stream over file descriptor 2 that
/// flushes every line, opened when the log is made. (The first use of <see cref="Console.Error"/> initialises
/// the console, which held the first lines of a start-up back together by about 150 ms.)
/// It is the daemon's <see cref="ILoggerProvider"/>: the engine's lines (each with its event id and category) and
/// the daemon's own [LoggerMessage] lines all come through <see cref="CreateLogger"/>; the bytes written are the
/// message alone, as keepalived writes it (event ids and categories are for readers of the code and of
/// docs/logging.md, not for the grep of an operator).
/// </summary>
public sealed class DaemonLog : ILoggerProvider
{
    private static readonly Lazy<TextWriter> s_stderr = new(() => Open(Console.OpenStandardError()));
    private static readonly Lock s_lock = new();

    private readonly bool _detail;
    private readonly bool _console;
    private readonly bool _journal = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
    private readonly TextWriter _out;

    public DaemonLog(bool detail, bool console)
        : this(detail, console, s_stderr.Value)
    {
    }

    /// <summary>A log on <paramref name="output"/> (tests); every line is flushed as it is written.</summary>
    public DaemonLog(bool detail, bool console, Stream output)
        : this(detail, console, Open(output))
    {
    }

    private DaemonLog(bool detail, bool console, TextWriter output)
    {
        _detail = detail;
        _console = console;
        _out = output;
    }

    private static StreamWriter Open(Stream stream) => new(stream, new UTF8Encoding(false), 4096) { AutoFlush = true };

    public bool Detail => _detail;

    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, log) => new Logger(log, name), this);

    /// <summary>Writes an engine line through the logger of its category.</summary>
    public void Write(LogLine line) =>
        CreateLogger(line.Category).Log(LogLevels.FromEngine(line.Level, line.Detail), line.EventId, line.Message, null,
            static (message, _) => message);

    void IDisposable.Dispose()
    {
        // Nothing to release: file descriptor 2 outlives every logger.
    }

    private sealed class Logger(DaemonLog log, string category) : ILogger
    {
        public string Category => category;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && (log._detail || logLevel > LogLevel.Debug);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var (level, detail) = LogLevels.ToEngine(logLevel);
            log.Write(level, formatter(state, exception), detail);
        }
    }

    /// <summary>Writes one line as it is. The daemon itself writes through <see cref="CreateLogger"/> (every line
    /// with an event id); this is the byte-level writer underneath, which the tests also drive directly.</summary>
    public void Write(EngineLogLevel level, string message, bool isDetail = false)
    {
        if (isDetail && !_detail)
            return;
        if (level == EngineLogLevel.Debug && !_detail)
            return;
        string line = _journal ? $"<{(int)level}>{message}"
            : _console ? $"{DateTime.Now:yyyy-MM-dd HH:mm:ss.ffffff} {message}"
            : message;
        // One lock for every log of the process: the daemon's and the operations' lines share file descriptor 2.
        lock (s_lock)
            _out.Write(line + "\n");
    }

    public void Info(string message) => Write(EngineLogLevel.Info, message);

    public void Warning(string message) => Write(EngineLogLevel.Warning, message);

    public void Error(string message) => Write(EngineLogLevel.Error, message);
}
