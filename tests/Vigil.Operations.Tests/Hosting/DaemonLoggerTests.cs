using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Daemon;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>
/// <see cref="DaemonLog"/> as an <see cref="ILoggerProvider"/>: an engine line and a daemon [LoggerMessage] line
/// leave as the same bytes the message alone made before, <c>-D</c> still gates detail and debug lines, and every
/// daemon message has its own id in the daemon's ranges, listed in docs/logging.md.
/// </summary>
public sealed class DaemonLoggerTests
{
    [Fact]
    public void An_engine_line_is_written_as_its_message_alone_with_its_syslog_priority()
    {
        var stream = new MemoryStream();
        var log = new DaemonLog(detail: false, console: false, stream);
        log.Write(
            new LogLine(
                EngineLogLevel.Info,
                "(VI_1) Entering MASTER STATE",
                false,
                new EventId(201, "EnteringState"),
                LogCategories.Vrrp));
        log.Write(
            new LogLine(
                EngineLogLevel.Info,
                "(VI_1) Receive advertisement timeout",
                true,
                new EventId(215, "ReceiveTimeout"),
                LogCategories.Vrrp));
        log.Write(
            new LogLine(
                EngineLogLevel.Debug,
                "(VI_1) Event",
                true,
                new EventId(222, "ProtocolEvent"),
                LogCategories.Vrrp));
        Assert.Equal(Journal("6") + "(VI_1) Entering MASTER STATE\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void With_detail_a_detail_line_keeps_info_priority_and_a_debug_line_keeps_debug()
    {
        var stream = new MemoryStream();
        var log = new DaemonLog(detail: true, console: false, stream);
        log.Write(
            new LogLine(EngineLogLevel.Info, "detail", true, new EventId(215, "ReceiveTimeout"), LogCategories.Vrrp));
        log.Write(
            new LogLine(EngineLogLevel.Debug, "debug", true, new EventId(222, "ProtocolEvent"), LogCategories.Vrrp));
        log.Write(
            new LogLine(
                EngineLogLevel.Warning,
                "warning",
                false,
                new EventId(208, "LinesSuppressed"),
                LogCategories.Vrrp));
        var expected = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null
            ? "detail\ndebug\nwarning\n"
            : "<6>detail\n<7>debug\n<4>warning\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Daemon_logger_message_lines_read_as_before()
    {
        var stream = new MemoryStream();
        var log = new DaemonLog(detail: false, console: false, stream);
        var daemon = log.CreateLogger(LogCategories.Daemon);
        Assert.Same(daemon, log.CreateLogger(LogCategories.Daemon));
        Invoke(daemon, "Started", "0.1.0", 2, "/etc/keepalived/keepalived.conf");
        Invoke(daemon, "LatencySummary", "timer lateness: none"); // Trace: only with -D
        Invoke(log.CreateLogger(LogCategories.Vmac), "VmacCreated", "VI_1", "vrrp.51", 7, "00:00:5e:00:01:33", "eth0");
        Assert.Equal(
            Journal("6") + "Vigil 0.1.0 started: 2 instance(s) from /etc/keepalived/keepalived.conf\n" +
            Journal("6") + "(VI_1) Success creating VMAC interface vrrp.51 (ifindex 7, 00:00:5e:00:01:33) on eth0\n",
            Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Every_daemon_logger_message_has_a_unique_id_in_the_daemon_ranges_and_is_documented()
    {
        var messages = Catalogue();
        Assert.True(messages.Count >= 40, $"only {messages.Count} [LoggerMessage] methods found");
        Assert.All(messages, m => Assert.InRange(m.Attribute.EventId, 1000, 1499));
        Assert.All(messages, m => Assert.False(string.IsNullOrEmpty(m.Attribute.EventName)));
        Assert.Empty(messages.GroupBy(m => m.Attribute.EventId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(messages.GroupBy(m => m.Attribute.EventName).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(
            messages.GroupBy(m => m.Method.DeclaringType),
            g => Assert.Single(g.Select(m => m.Attribute.EventId / 100).Distinct()));
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "logging.md"));
        Assert.All(messages, m => Assert.Contains($"| {m.Attribute.EventId} | {m.Attribute.EventName} |", doc));
        Assert.All(messages, m => Assert.Contains($"`{m.Attribute.Message}`", doc));
    }

    private static List<(MethodInfo Method, LoggerMessageAttribute Attribute)> Catalogue() =>
        typeof(DaemonLog).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()!))
            .Where(p => p.Attribute is not null)
            .ToList();

    /// <summary>Calls a daemon [LoggerMessage] by name (they are internal to the executable).</summary>
    private static void Invoke(ILogger logger, string name, params object[] args) =>
        Catalogue().Single(m => m.Method.Name == name).Method.Invoke(null, [logger, .. args]);

    private static string Journal(string priority) =>
        Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null ? string.Empty : $"<{priority}>";

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException("Vigil.slnx not found above " + path);
    }
}
