using System.Collections.Concurrent;
using Vigil.Core.Tracking;
using Vigil.Linux.Processes;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>The process monitor against real processes: the start-up scan, then starts and exits seen through the
/// proc connector (directly, and from inside a network namespace) and through the polling fallback.</summary>
public sealed class ProcessMonitorTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    private sealed class Deltas
    {
        public readonly BlockingCollection<(int Generation, ProcessDelta Delta)> Queue = [];

        public ProcessDelta Next()
        {
            Assert.True(Queue.TryTake(out var item, Long), "no process event within the limit");
            return item.Delta;
        }
    }

    private static Dictionary<string, ProcessPattern> Patterns(TrackedProcess p) => new()
    {
        ["by_name"] = new ProcessPattern(p.Name, [], ProcessParamMatch.Exact, false),
        ["by_cmd"] = new ProcessPattern(p.Path, ["1000"], ProcessParamMatch.Exact, false),
    };

    private static void StartsAndExitsAreSeen(Func<Action<int, ProcessDelta>, ProcessMonitor> create, bool connector)
    {
        Root.Require();
        var dir = Directory.CreateTempSubdirectory("vigil-pm-");
        try
        {
            using var process = new TrackedProcess(dir.FullName);
            process.Start();
            var deltas = new Deltas();
            using var monitor = create((g, d) => deltas.Queue.Add((g, d)));
            Assert.Equal(connector, monitor.UsesConnector);
            var (generation, counts) = monitor.Configure(Patterns(process));
            Assert.Equal((1, 1), (counts["by_name"], counts["by_cmd"]));
            monitor.Start();

            process.Start();
            var up = new[] { deltas.Next(), deltas.Next() };
            Assert.All(up, d => Assert.Equal(1, d.Delta));
            Assert.Equal(["by_cmd", "by_name"], up.Select(d => d.Tracker).Order());

            process.StopOne();
            var down = new[] { deltas.Next(), deltas.Next() };
            Assert.All(down, d => Assert.Equal((-1, ProcessCause.Exit), (d.Delta, d.Cause)));

            var (next, again) = monitor.Configure(Patterns(process));
            Assert.Equal(generation + 1, next);
            Assert.Equal(1, again["by_name"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_proc_connector_reports_starts_and_exits() =>
        StartsAndExitsAreSeen(post => new ProcessMonitor(post), connector: true);

    [Fact]
    public void Polling_reports_starts_and_exits() =>
        StartsAndExitsAreSeen(post => new ProcessMonitor(post, forcePolling: true), connector: false);

    [Fact]
    public void Inside_a_network_namespace_starts_and_exits_are_still_seen()
    {
        // The connector answers only in the initial network namespace. The monitor opens it from there when it may
        // enter that namespace (/proc/1/ns/net readable); otherwise it polls /proc. Either way nothing is missed.
        Root.Require();
        using var lab = new TestLab(1);
        bool initialReadable = CanOpen("/proc/1/ns/net");
        StartsAndExitsAreSeen(post =>
        {
            var monitor = NetNs.Run(lab.Host(1), () => new ProcessMonitor(post));
            Assert.Contains(
                initialReadable ? "initial network namespace" : "refused in this network namespace",
                monitor.Mode,
                StringComparison.Ordinal);
            return monitor;
        }, connector: initialReadable);
    }

    /// <summary>Whether descriptor <paramref name="fd"/> of this process is close-on-exec (O_CLOEXEC in
    /// fdinfo).</summary>
    private static bool CloseOnExec(string fd)
    {
        var flags = File.ReadAllLines($"/proc/self/fdinfo/{fd}").Single(
            l => l.StartsWith("flags:", StringComparison.Ordinal));
        return (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 0x80000) != 0;
    }

    [Fact]
    public void A_connector_opened_for_exec_is_inheritable_until_adopted_and_then_followed()
    {
        // The exec itself is the daemon's (tests/Vigil.Linux.Tests/Namespaces); here both halves run in one process.
        // This class's tests run one at a time, so no other monitor takes the socket in between.
        StartsAndExitsAreSeen(post =>
        {
            var (fd, detail) = ProcConnectorHandover.OpenForExec();
            Assert.True(fd is not null, detail);
            Assert.False(CloseOnExec(fd!));
            Environment.SetEnvironmentVariable(ProcConnectorHandover.Variable, fd);
            Assert.Null(ProcConnectorHandover.Adopt());
            Assert.Null(Environment.GetEnvironmentVariable(ProcConnectorHandover.Variable));
            Assert.True(CloseOnExec(fd!));
            var monitor = new ProcessMonitor(post);
            Assert.Equal(ProcConnector.HandedOverDetail, monitor.Mode);
            return monitor;
        }, connector: true);
    }

    [Fact]
    public void A_descriptor_that_is_not_the_connector_is_refused_and_made_close_on_exec()
    {
        Root.Require();
        using var udp = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Dgram,
            System.Net.Sockets.ProtocolType.Udp);
        var fd = udp.SafeHandle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable(ProcConnectorHandover.Variable, fd);
        Assert.Equal(
            $"{ProcConnectorHandover.Variable}={fd} is not a process event connector socket; ignored",
            ProcConnectorHandover.Adopt());
        Assert.True(CloseOnExec(fd));
        Environment.SetEnvironmentVariable(ProcConnectorHandover.Variable, "x");
        Assert.Contains("is not a descriptor number", ProcConnectorHandover.Adopt(), StringComparison.Ordinal);
        Assert.Null(ProcConnectorHandover.Adopt());
        using var monitor = new ProcessMonitor((_, _) => { });
        Assert.NotEqual(ProcConnector.HandedOverDetail, monitor.Mode);
    }

    private static bool CanOpen(string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void Proc_stat_parsing_keeps_names_with_spaces_and_parentheses()
    {
        var stat = ProcFs.ReadStat(Environment.ProcessId);
        Assert.NotNull(stat);
        Assert.Equal(File.ReadAllText($"/proc/{Environment.ProcessId}/comm").TrimEnd('\n'), stat.Value.Comm);
        Assert.True(stat.Value.ParentPid > 0);
        Assert.Null(ProcFs.ReadStat(int.MaxValue));
        Assert.Empty(ProcFs.ReadCommandLine(int.MaxValue));
        Assert.Equal("a b)", ProcFs.CommFromBytes("a b)\0\0\0"u8));
    }
}
