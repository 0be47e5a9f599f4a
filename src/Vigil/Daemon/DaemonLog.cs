using Vigil.Engine.Effects;

namespace Vigil.Daemon;

/// <summary>
/// Log lines on stderr. Under systemd (JOURNAL_STREAM set) each line carries a <c>&lt;N&gt;</c> syslog
/// priority prefix so journald keeps levels; with <c>-l</c> on a console each line starts with a timestamp.
/// Detail lines appear only with <c>-D</c>. Writes are synchronous and small: stderr is a pipe or the journal.
/// </summary>
public sealed class DaemonLog(bool detail, bool console)
{
    private readonly bool _journal = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null;
    private readonly Lock _lock = new();

    public bool Detail => detail;

    public void Write(EngineLogLevel level, string message, bool isDetail = false)
    {
        if (isDetail && !detail)
            return;
        if (level == EngineLogLevel.Debug && !detail)
            return;
        string line = _journal ? $"<{(int)level}>{message}"
            : console ? $"{DateTime.Now:yyyy-MM-dd HH:mm:ss.ffffff} {message}"
            : message;
        lock (_lock)
            Console.Error.WriteLine(line);
    }

    public void Info(string message) => Write(EngineLogLevel.Info, message);

    public void Warning(string message) => Write(EngineLogLevel.Warning, message);

    public void Error(string message) => Write(EngineLogLevel.Error, message);
}
