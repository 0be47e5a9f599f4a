using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Lab;
using Vigil.Operations.Control;
using Vigil.Operations.Tests.Dumps;
using Vigil.Operations.Tests.Metrics;
using Vigil.Operations.Tests.Systemd;

namespace Vigil.Operations.Tests.Live;

/// <summary>The operations surfaces of a real daemon: `vigil run` in a namespace of its own, observed through its
/// control socket, its /metrics, its dumps and a NOTIFY_SOCKET of the test's own.</summary>
public sealed class LiveDaemonTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>Every notification received so far, kept in order, so that waiting for one never loses
    /// another.</summary>
    private sealed class Notifications(NotifyListener listener)
    {
        public List<string> All { get; } = [];

        /// <summary>The index of the first message at or after <paramref name="from"/> that matches.</summary>
        public int WaitFor(Func<string, bool> match, int from = 0)
        {
            var end = DateTime.UtcNow + Wait;
            while (true)
            {
                for (var i = from; i < All.Count; i++)
                {
                    if (match(All[i]))
                        return i;
                }
                from = Math.Max(from, All.Count);
                if (DateTime.UtcNow > end)
                {
                    Assert.Fail(
                        $"no matching notification within {Wait.TotalSeconds} s; got:\n{string.Join("\n---\n", All)}");
                }

                if (listener.Receive(TimeSpan.FromMilliseconds(200)) is { } message)
                    All.Add(message);
            }
        }
    }

    [Fact]
    public async Task A_live_daemon_serves_status_explain_metrics_dumps_and_systemd()
    {
        LiveDaemon.RequireRoot();
        await using var cluster = new NamespaceCluster(1, LiveDaemon.VigilCommand, start: false);
        var node = cluster.Members[0];
        node.WriteConfig(LiveDaemon.Config(cluster.WorkDirectory));
        using var listener = NotifyListener.OnFile();
        node.ExtraArguments = ["--metrics", "127.0.0.1:9650"];
        node.Environment = new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = listener.NotifySocket,
            ["WATCHDOG_USEC"] = "400000"
        };
        node.Start();

        // systemd: READY=1 with the instance states, then watchdog pings.
        var notes = new Notifications(listener);
        var ready = notes.WaitFor(m => m.StartsWith("READY=1", StringComparison.Ordinal));
        Assert.Matches(@"^READY=1\nSTATUS=VI_1 (INIT|BACKUP|MASTER)$", notes.All[ready]);
        notes.WaitFor(m => m == "WATCHDOG=1");
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);
        notes.WaitFor(m => m.EndsWith("STATUS=VI_1 MASTER", StringComparison.Ordinal));

        // status and explain
        using (var status = await LiveDaemon.StatusAsync(node))
        {
            var root = status.RootElement;
            Assert.Equal(node.Pid, root.GetProperty("daemon").GetProperty("pid").GetInt32());
            var instance = root.GetProperty("instances")[0];
            Assert.Equal("VI_1", instance.GetProperty("name").GetString());
            Assert.Equal(100, instance.GetProperty("effective_priority").GetInt32());
            Assert.Equal("192.0.2.11", instance.GetProperty("master_address").GetString());
            Assert.Equal("chk_ok", root.GetProperty("scripts")[0].GetProperty("name").GetString());
        }
        var explain = Encoding.UTF8.GetString(
            await ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Explain, "VI_1"),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.Contains("\"reason\":\"MASTER", explain, StringComparison.Ordinal);

        // metrics, judged by promtool
        var scrape = Vigil.Lab.Shell.Must(
            "ip", "netns", "exec", node.Namespace, "curl", "-sS", "http://127.0.0.1:9650/metrics");
        Assert.Contains(
            "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"198.51.100.1/24\"} 2",
            scrape,
            StringComparison.Ordinal);
        Assert.Contains(
            "vigil_vrrp_effective_priority{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 100",
            scrape,
            StringComparison.Ordinal);
        if (File.Exists(PromtoolTests.Promtool))
        {
            var (exit, output) = await PromtoolTests.CheckAsync(scrape);
            Assert.True(exit == 0, $"promtool check metrics: {output}\n{scrape}");
        }

        // SIGUSR1 / SIGUSR2 dumps at the configured paths
        var dataPath = Path.Combine(cluster.WorkDirectory, "keepalived.data");
        var statsPath = Path.Combine(cluster.WorkDirectory, "keepalived.stats");
        node.Signal("USR1");
        node.Signal("USR2");
        var data = await ReadWhenWrittenAsync(dataPath);
        var parsed = KeepalivedDataParser.Parse(data);
        Assert.Equal("MASTER", parsed.Instances["VI_1"].State);
        Assert.Equal(["198.51.100.1/24 dev eth0 scope global set"], parsed.Instances["VI_1"].Vips);
        Assert.Equal([("chk_ok", "GOOD", "idle")], parsed.Scripts.Select(s => (s.Name, s.Status, "idle")));
        var stats = KeepalivedStatsParser.Parse(await ReadWhenWrittenAsync(statsPath));
        Assert.True(stats["VI_1"]["Advertisements/Sent"] > 0);

        // reload through the control socket: RELOADING=1 (with MONOTONIC_USEC) then READY=1
        var reload = ControlJson.ReadOutcome(
            await ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Reload),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.True(reload.Ok, reload.Error);
        var reloading = notes.WaitFor(m => m.StartsWith("RELOADING=1\nMONOTONIC_USEC=", StringComparison.Ordinal));
        var readyAgain = notes.WaitFor(m => m.StartsWith("READY=1", StringComparison.Ordinal), reloading + 1);

        // a plain SIGHUP is announced the same way
        node.Signal("HUP");
        var hup = notes.WaitFor(
            m => m.StartsWith("RELOADING=1\nMONOTONIC_USEC=", StringComparison.Ordinal),
            readyAgain + 1);
        notes.WaitFor(m => m.StartsWith("READY=1", StringComparison.Ordinal), hup + 1);

        // a configuration that cannot run (here: gone) is refused and the daemon keeps running
        File.Move(node.ConfigPath, node.ConfigPath + ".away");
        var refused = ControlJson.ReadOutcome(
            await ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Reload),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.False(refused.Ok);
        Assert.Contains("cannot run", refused.Error, StringComparison.Ordinal);
        File.Move(node.ConfigPath + ".away", node.ConfigPath);
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);

        // SIGTERM: STOPPING=1, the daemon exits and takes its control socket with it
        node.Signal("TERM");
        notes.WaitFor(m => m.StartsWith("STOPPING=1", StringComparison.Ordinal));
        var end = DateTime.UtcNow + Wait;
        while (node.Running && DateTime.UtcNow < end)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(node.Running);
        Assert.False(File.Exists(node.ControlPath), "the control socket outlived the daemon");
        var gone = await Assert.ThrowsAsync<ControlUnavailableException>(() =>
            ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Status),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.Contains("no daemon is running", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_kill_9_status_fails_clearly_and_a_restart_takes_the_socket_over()
    {
        LiveDaemon.RequireRoot();
        await using var cluster = new NamespaceCluster(1, LiveDaemon.VigilCommand, start: false);
        var node = cluster.Members[0];
        node.WriteConfig(LiveDaemon.Config(cluster.WorkDirectory));
        node.Start();
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);

        node.Kill();

        var stderr = new StringWriter();
        var exit = Vigil.Operations.Status.StatusClient.Run(["--control", node.ControlPath], TextWriter.Null, stderr);
        Assert.Equal(ControlExitCodes.NotRunning, exit);
        Assert.Contains("connection refused", stderr.ToString(), StringComparison.Ordinal);

        node.Start();
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);
    }

    [Fact]
    public async Task Stop_over_the_control_socket_is_logged_as_such_not_as_a_signal()
    {
        LiveDaemon.RequireRoot();
        await using var cluster = new NamespaceCluster(1, LiveDaemon.VigilCommand, start: false);
        var node = cluster.Members[0];
        node.WriteConfig(LiveDaemon.Config(cluster.WorkDirectory));
        node.Start();
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);

        var reply = await ControlClient.SendAsync(
            node.ControlPath,
            new ControlRequest(ControlCommand.Stop),
            Wait,
            TestContext.Current.CancellationToken);
        Assert.True(ControlJson.ReadOutcome(reply).Ok);
        var end = DateTime.UtcNow + Wait;
        while (node.Running && DateTime.UtcNow < end)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(node.Running, node.Log());
        var log = node.Log();
        Assert.Contains("stop requested over the control socket: stopping", log, StringComparison.Ordinal);
        Assert.DoesNotContain("SIGTERM", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_answers_quickly_from_a_live_daemon()
    {
        // Prints the figure (no timed assertion): the round trip a monitoring script pays for `vigil status --json`.
        LiveDaemon.RequireRoot();
        await using var cluster = new NamespaceCluster(1, LiveDaemon.VigilCommand, start: false);
        var node = cluster.Members[0];
        node.WriteConfig(LiveDaemon.Config(cluster.WorkDirectory));
        node.Start();
        await LiveDaemon.WaitStateAsync(node, "MASTER", Wait);

        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var reply = await ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Status),
                Wait,
                TestContext.Current.CancellationToken);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Assert.True(ControlJson.ReadOutcome(reply).Ok);
        }
        times.Sort();
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"status round trip over the control socket: median {times[25]:0.00} ms, max {times[^1]:0.00} ms"));
    }

    private static async Task<string> ReadWhenWrittenAsync(string path)
    {
        var end = DateTime.UtcNow + Wait;
        while (!File.Exists(path) && DateTime.UtcNow < end)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }
}
