using Vigil.Engine.Events;
using Vigil.Operations.Hosting;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>The driver reports every finished track-script run to <see cref="OperationsHost.RecordScriptCompletion"/>:
/// the metrics then count each run exactly once, however many finish between two snapshots, and the snapshot-based
/// inference stops so nothing is counted twice.</summary>
public sealed class ScriptCompletionFeedTests
{
    [Fact]
    public async Task Every_reported_run_is_counted_once_even_while_snapshots_show_the_runs_going_up()
    {
        var daemon = new FakeDaemon();
        await using var host = new OperationsHost(new OperationsHostOptions
        {
            // No control socket: the default one is the system's (/run/vigil), and a test may not create it.
            ControlSocket = null,
            Metrics = "127.0.0.1:0",
            PollInterval = TimeSpan.FromMilliseconds(10),
        }, daemon, _ => { });
        host.Start();
        var script = Fixtures.Script();
        var ct = TestContext.Current.CancellationToken;

        // 250 runs, reported one by one while the poller keeps seeing the run count climb in snapshots.
        for (int i = 1; i <= 250; i++)
        {
            var completion = (i % 5) switch
            {
                0 => new ScriptCompletion("chk_app", i, ScriptOutcome.Exited, 2, 0, TimeSpan.FromMilliseconds(3)),
                1 => new ScriptCompletion("chk_app", i, ScriptOutcome.TimedOut, 0, 15, TimeSpan.FromSeconds(2)),
                _ => ScriptCompletion.Exit("chk_app", i, 0, TimeSpan.FromMilliseconds(1)),
            };
            host.RecordScriptCompletion(completion);
            daemon.Current = Fixtures.Snapshot() with
            {
                Engine = Fixtures.Snapshot().Engine with
                {
                    Scripts = [script with { Runs = 100 + i, LastOutcome = "exited", LastExitStatus = 0 }]
                },
            };
            if (i % 25 == 0)
                await Task.Delay(30, ct); // let the poller take snapshots in between
        }
        await Task.Delay(100, ct);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://{host.MetricsEndPoint}/metrics", ct);
        Assert.Contains(
            "vigil_script_runs_total{name=\"chk_app\",result=\"success\"} 150\n",
            metrics,
            StringComparison.Ordinal);
        Assert.Contains(
            "vigil_script_runs_total{name=\"chk_app\",result=\"failure\"} 50\n",
            metrics,
            StringComparison.Ordinal);
        Assert.Contains(
            "vigil_script_runs_total{name=\"chk_app\",result=\"timeout\"} 50\n",
            metrics,
            StringComparison.Ordinal);
        Assert.Contains(
            "vigil_script_runs_total{name=\"chk_app\",result=\"error\"} 0\n",
            metrics,
            StringComparison.Ordinal);
        Assert.Contains(
            "vigil_script_duration_seconds_count{name=\"chk_app\"} 250\n",
            metrics,
            StringComparison.Ordinal);
    }
}
