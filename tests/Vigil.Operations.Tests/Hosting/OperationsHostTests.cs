using System.Text;
using Vigil.Operations.Control;
using Vigil.Operations.Hosting;
using Vigil.Operations.Systemd;
using Vigil.Operations.Tests.Dumps;
using Vigil.Operations.Tests.Systemd;

namespace Vigil.Operations.Tests.Hosting;

public sealed class OperationsHostTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-host-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private OperationsHost Start(FakeDaemon daemon, NotifyListener? listener = null, TimeSpan? watchdog = null)
    {
        var host = new OperationsHost(new OperationsHostOptions
        {
            ControlSocket = Path.Combine(_dir, "control.sock"),
            Metrics = "127.0.0.1:0",
            Systemd = new SystemdEnvironment(listener?.NotifySocket, watchdog),
            PollInterval = TimeSpan.FromMilliseconds(50),
        }, daemon, _ => { });
        host.Start();
        return host;
    }

    private Task<byte[]> Ask(ControlCommand command, string? argument = null) =>
        ControlClient.SendAsync(
            Path.Combine(_dir, "control.sock"),
            new ControlRequest(command, argument),
            Wait,
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task Ready_then_status_changes_reach_systemd()
    {
        using var listener = NotifyListener.OnFile();
        var daemon = new FakeDaemon();
        await using var host = Start(daemon, listener);

        Assert.Equal("READY=1\nSTATUS=VI_1 BACKUP, VI_2 MASTER, VI_3 FAULT", listener.Receive(Wait));
        daemon.Current = Fixtures.Snapshot(Fixtures.Master());
        Assert.Equal("STATUS=VI_2 MASTER", listener.Receive(Wait));
    }

    [Fact]
    public async Task Status_explain_and_metrics_come_from_the_daemons_snapshot()
    {
        await using var host = Start(new FakeDaemon());

        var status = Encoding.UTF8.GetString(await Ask(ControlCommand.Status));
        var explain = Encoding.UTF8.GetString(await Ask(ControlCommand.Explain, "VI_1"));
        var unknown = ControlJson.ReadOutcome(await Ask(ControlCommand.Explain, "VI_9"));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(
            $"http://{host.MetricsEndPoint}/metrics",
            TestContext.Current.CancellationToken);

        Assert.Contains("\"name\":\"VI_3\"", status, StringComparison.Ordinal);
        Assert.Contains("\"total_priority\":80", explain, StringComparison.Ordinal);
        Assert.Equal("no instance named 'VI_9' (instances: VI_1, VI_2, VI_3)", unknown.Error);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_2\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_is_wrapped_in_reloading_and_ready_and_a_refusal_is_an_error()
    {
        using var listener = NotifyListener.OnFile();
        var daemon = new FakeDaemon
        {
            NextReload = new ReloadOutcome(false, "cannot run", ["a.conf:1:1: error: x [E]"])
        };
        await using var host = Start(daemon, listener);
        listener.Receive(Wait); // READY

        var outcome = ControlJson.ReadOutcome(await Ask(ControlCommand.Reload));

        Assert.Equal((false, "cannot run"), (outcome.Ok, outcome.Error));
        Assert.Equal(["a.conf:1:1: error: x [E]"], outcome.Details);
        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", listener.Receive(Wait), StringComparison.Ordinal);
        Assert.StartsWith("READY=1\nSTATUS=", listener.Receive(Wait), StringComparison.Ordinal);
        Assert.Equal(1, daemon.Reloads);
    }

    [Fact]
    public async Task Stop_tells_systemd_once_and_asks_the_daemon()
    {
        using var listener = NotifyListener.OnFile();
        var daemon = new FakeDaemon();
        await using var host = Start(daemon, listener);
        listener.Receive(Wait); // READY

        Assert.True(ControlJson.ReadOutcome(await Ask(ControlCommand.Stop)).Ok);
        host.NotifyStopping();

        Assert.StartsWith("STOPPING=1", listener.Receive(Wait), StringComparison.Ordinal);
        Assert.Null(listener.Receive(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, daemon.Stops);
    }

    [Fact]
    public async Task The_watchdog_goes_quiet_while_the_daemon_loop_is_wedged()
    {
        using var listener = NotifyListener.OnFile();
        var daemon = new FakeDaemon();
        await using var host = Start(daemon, listener, watchdog: TimeSpan.FromMilliseconds(200));
        string? message;
        while ((message = listener.Receive(Wait)) is not null && message != "WATCHDOG=1")
        {
        }
        Assert.Equal("WATCHDOG=1", message);

        daemon.Wedged = true;
        // Within the allowance (half the timeout plus one poll) pings may still come; after it, none.
        await Task.Delay(400, TestContext.Current.CancellationToken);
        while (listener.Receive(TimeSpan.FromMilliseconds(10)) is not null)
        {
        }
        Assert.Null(listener.Receive(TimeSpan.FromMilliseconds(500)));
        daemon.Wedged = false;
        while ((message = listener.Receive(Wait)) is not null && message != "WATCHDOG=1")
        {
        }
        Assert.Equal("WATCHDOG=1", message);
    }

    [Fact]
    public async Task Dumps_go_to_the_configured_files()
    {
        var snapshot = Fixtures.Snapshot();
        snapshot = snapshot with
        {
            Config = snapshot.Config! with
            {
                Global = snapshot.Config.Global with
                {
                    StateDumpFile = Path.Combine(_dir, "data"),
                    StatsDumpFile = Path.Combine(_dir, "stats"),
                },
            },
        };
        await using var host = Start(new FakeDaemon());

        await host.WriteDumpAsync(snapshot, stats: false);
        await host.WriteDumpAsync(snapshot, stats: true);

        Assert.Equal(
            "MASTER",
            KeepalivedDataParser.Parse(File.ReadAllText(Path.Combine(_dir, "data"))).Instances["VI_2"].State);
        Assert.Equal(
            42,
            KeepalivedStatsParser.Parse(
                File.ReadAllText(Path.Combine(_dir, "stats")))["VI_1"]["Advertisements/Received"]);
    }

    [Fact]
    public async Task A_bad_metrics_address_leaves_metrics_off_and_the_rest_running()
    {
        var log = new List<string>();
        await using var host = new OperationsHost(new OperationsHostOptions
        {
            ControlSocket = Path.Combine(_dir, "control.sock"),
            Metrics = "localhost:9650",
        }, new FakeDaemon(), line => { lock (log) log.Add(line); });
        host.Start();

        Assert.Null(host.MetricsEndPoint);
        Assert.Contains(log, l => l.StartsWith("Metrics disabled: --metrics", StringComparison.Ordinal));
        Assert.True(ControlJson.ReadOutcome(await Ask(ControlCommand.Status)).Ok);
    }

    [Fact]
    public async Task With_lifecycle_from_the_driver_each_reload_is_announced_once_by_the_driver()
    {
        using var listener = NotifyListener.OnFile();
        // "VI_1 BACKUP", as the driver says
        var daemon = new FakeDaemon { Current = Fixtures.Snapshot(Fixtures.Backup()) };
        await using var host = new OperationsHost(new OperationsHostOptions
        {
            ControlSocket = Path.Combine(_dir, "control.sock"),
            Systemd = new SystemdEnvironment(listener.NotifySocket, null),
            PollInterval = TimeSpan.FromMilliseconds(50),
            LifecycleFromDriver = true,
        }, daemon, _ => { });
        host.Start();
        Assert.Null(listener.Receive(TimeSpan.FromMilliseconds(200))); // no READY before the driver says so

        host.OnDaemonReady("VI_1 BACKUP");
        Assert.Equal("READY=1\nSTATUS=VI_1 BACKUP", listener.Receive(Wait));
        Assert.True(ControlJson.ReadOutcome(await Ask(ControlCommand.Reload)).Ok);
        host.OnReloading();
        host.OnReloaded("VI_1 MASTER");

        Assert.StartsWith("RELOADING=1\nMONOTONIC_USEC=", listener.Receive(Wait), StringComparison.Ordinal);
        Assert.Equal("READY=1\nSTATUS=VI_1 MASTER", listener.Receive(Wait));
    }
}
