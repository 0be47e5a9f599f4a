using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>vrrp_track_process in the engine: start-up counts, weight and FAULT, delays through the engine's
/// timers, reload carry-over, status.</summary>
public sealed class ProcessTrackerTests
{
    private static readonly MonotonicTime T0 = MonotonicTime.FromMilliseconds(1000);

    private static VigilConfig Config(
        int weight,
        int quorum = 1,
        int? quorumMax = null,
        int terminateMs = 0,
        int forkMs = 0) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackProcesses = [Track("tp", weight)] }) with
        {
            TrackProcesses =
            [
                new TrackProcessConfig
                {
                    Name = "tp", Process = "nginx", Quorum = quorum, QuorumMax = quorumMax,
                    TerminateDelayMs = terminateMs, ForkDelayMs = forkMs, Weight = weight, Tracked = true,
                },
            ],
        };

    private static VrrpEngine Start(VigilConfig config, int count)
    {
        var engine = new VrrpEngine();
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), T0);
        engine.OnProcessCounts(new Dictionary<string, int> { ["tp"] = count }, T0);
        engine.Load(config, T0);
        return engine;
    }

    private static VrrpState State(VrrpEngine e) => e.GetInstanceStatus("VI_1")!.State;

    [Fact]
    public void The_start_up_count_decides_before_the_instance_leaves_init()
    {
        Assert.Equal(VrrpState.Backup, State(Start(Config(0), 1)));
        var faulted = Start(Config(0), 0);
        Assert.Equal(VrrpState.Fault, State(faulted));
        Assert.Equal(["process tp"], faulted.GetInstanceStatus("VI_1")!.FaultReasons);
    }

    [Fact]
    public void Weight_0_faults_while_quorum_is_lost_and_recovers_with_it()
    {
        var e = Start(Config(0), 1);
        e.OnProcessChanged("tp", -1, ProcessCause.Exit, T0);
        Assert.Equal(VrrpState.Fault, State(e));
        var logs = new List<EngineEffect>();
        e.DrainEffects(logs);
        Assert.Contains(logs.OfType<LogLine>(), l => l.Message == "Quorum lost for tracked process tp");
        e.OnProcessChanged("tp", +1, ProcessCause.Exec, T0);
        Assert.Equal(VrrpState.Backup, State(e));
    }

    [Fact]
    public void A_weight_moves_the_priority()
    {
        var e = Start(Config(-30), 1);
        Assert.Equal(100, e.GetInstanceStatus("VI_1")!.EffectivePriority);
        e.OnProcessChanged("tp", -1, ProcessCause.Exit, T0);
        Assert.Equal(70, e.GetInstanceStatus("VI_1")!.EffectivePriority);
        var tracker = e.GetInstanceStatus("VI_1")!.Trackers.Single(t => t.Kind == "process");
        Assert.Equal(("tp", "DOWN", -30), (tracker.Name, tracker.State, tracker.Contribution));
    }

    [Fact]
    public void Terminate_delay_is_an_engine_deadline()
    {
        var e = Start(Config(0, terminateMs: 1500), 1);
        e.OnProcessChanged("tp", -1, ProcessCause.Exit, T0);
        Assert.Equal(VrrpState.Backup, State(e));
        var due = T0.AddMicroseconds(1_500_000);
        Assert.True(e.NextDeadline <= due);
        var p = e.GetStatus().Processes.Single();
        Assert.Equal((true, 0, due), (p.Up, p.Count, p.PendingUntil!.Value));
        // Run every timer up to the deadline: adverts and master-down may come first.
        var now = T0;
        while (e.NextDeadline <= due)
        {
            now = e.NextDeadline;
            e.OnTimer(now);
        }

        Assert.Equal(VrrpState.Fault, State(e));
        Assert.Null(e.GetStatus().Processes.Single().PendingUntil);
    }

    [Fact]
    public void Reload_keeps_an_unchanged_tracker_and_rebuilds_a_changed_one()
    {
        var e = Start(Config(0), 2);
        e.OnProcessChanged("tp", -1, ProcessCause.Exit, T0);
        e.OnProcessCounts(new Dictionary<string, int> { ["tp"] = 1 }, T0);
        e.Load(Config(0), T0);
        Assert.Equal(1, e.GetStatus().Processes.Single().Count);
        Assert.Equal(VrrpState.Backup, State(e));

        // Counts given before a reload do not move anything until the load: no transient FAULT.
        e.OnProcessCounts(new Dictionary<string, int> { ["tp"] = 1 }, T0);
        Assert.Equal(VrrpState.Backup, State(e));
        // quorum 2 is another definition: it starts from the rescan's count (1) and faults at once.
        e.Load(Config(0, quorum: 2), T0);
        Assert.Equal((1, false), (e.GetStatus().Processes.Single().Count, e.GetStatus().Processes.Single().Up));
        Assert.Equal(VrrpState.Fault, State(e));
        e.OnProcessCounts(new Dictionary<string, int> { ["tp"] = 2 }, T0);
        e.Load(Config(0, quorum: 2), T0);
        Assert.Equal(VrrpState.Backup, State(e));
    }

    [Fact]
    public void A_reload_rescan_corrects_an_unchanged_tracker_at_once()
    {
        var e = Start(Config(0, terminateMs: 5000), 1);
        e.OnProcessCounts(new Dictionary<string, int> { ["tp"] = 0 }, T0);
        e.Load(Config(0, terminateMs: 5000), T0);
        Assert.Equal(VrrpState.Fault, State(e));
        Assert.Null(e.GetStatus().Processes.Single().PendingUntil);
    }

    [Fact]
    public void Unknown_trackers_and_events_after_stop_are_ignored()
    {
        var e = Start(Config(0), 1);
        e.OnProcessChanged("nope", -1, ProcessCause.Exit, T0);
        Assert.Equal(VrrpState.Backup, State(e));
        e.OnShutdownRequested(T0);
        e.OnProcessChanged("tp", -1, ProcessCause.Exit, T0);
        Assert.Equal(VrrpState.Stop, State(e));
    }

    [Fact]
    public void Patterns_follow_the_configuration()
    {
        var config = Config(0) with
        {
            TrackProcesses =
            [
                new TrackProcessConfig
                {
                    Name = "a", Process = "/usr/sbin/x", Parameters = ["-f"], ParamMatch = "partial", Tracked = true
                },
                new TrackProcessConfig { Name = "b", Process = "y", Tracked = false },
            ],
        };
        var patterns = VrrpEngine.ProcessPatterns(config);
        var a = Assert.Single(patterns).Value;
        Assert.Equal((ProcessParamMatch.Partial, true), (a.ParamMatch, a.UsesCommandLine));
        Assert.True(a.Matches("x", ["/usr/sbin/x", "-f", "z"]));
    }
}
