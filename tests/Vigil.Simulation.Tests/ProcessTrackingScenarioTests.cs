using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>vrrp_track_process moving the election: a weighted tracker demotes the master, a weight-0 tracker with
/// terminate_delay faults it only when the process stays away, and a fork bounce under fork_delay changes
/// nothing.</summary>
public sealed class ProcessTrackingScenarioTests
{
    private static VigilConfig Tracked(int weight, int? quorumMax = null, int terminateMs = 0, int forkMs = 0) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackProcesses = [Track("tp", weight)] }) with
        {
            TrackProcesses =
            [
                new TrackProcessConfig
                {
                    Name = "tp", Process = "haproxy", QuorumMax = quorumMax, TerminateDelayMs = terminateMs,
                    ForkDelayMs = forkMs, Weight = weight, Tracked = true,
                },
            ],
        };

    private static Simulation Start(ulong seed, VigilConfig a, VigilConfig b)
    {
        var sim = new Simulation(seed);
        sim.AddHost("a", a.ForHost(("VI_1", 150))).ProcessCounts["tp"] = 1;
        sim.AddHost("b", b).ProcessCounts["tp"] = 1;
        sim.Start();
        return sim;
    }

    private static void Change(Simulation sim, double at, int delta, ProcessCause cause) =>
        sim.At(S(at), () => sim.Host("a").ProcessChanged("tp", delta, cause, sim.Now));

    [Fact]
    public void A_weighted_process_exit_hands_over_and_its_return_preempts_back()
    {
        var sim = Start(41, Tracked(-100), Tracked(-100));
        Change(sim, 10, -1, ProcessCause.Exit);
        Change(sim, 20, +1, ProcessCause.Exec);
        sim.RunFor(S(15));
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Equal(50, sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.EffectivePriority);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10.0, 10.7); // fast handover: Skew_Time(100) after a's next advert

        sim.RunFor(S(15));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.True(sim.Host("a").HoldsAddress(IPAddress.Parse("198.51.100.1")));
        Assert.Contains(sim.Host("a").Log, l => l.Contains("Quorum lost for tracked process tp"));
        Assert.Contains(sim.Host("a").Log, l => l.Contains("Quorum gained for tracked process tp"));
    }

    [Fact]
    public void Terminate_delay_absorbs_a_restart_and_faults_only_after_a_lasting_exit()
    {
        var sim = Start(42, Tracked(0, terminateMs: 2000), Tracked(0, terminateMs: 2000));
        Change(sim, 10, -1, ProcessCause.Exit);
        Change(sim, 11, +1, ProcessCause.Exec);  // back within 2 s: never seen
        Change(sim, 20, -1, ProcessCause.Exit);  // stays away: FAULT at 22 s
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        var fault = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Fault, S(0))!.Value;
        Assert.Equal(22.0, fault.TotalSeconds, 3);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(0))!.Value;
        Assert.InRange(took.TotalSeconds, 22.0, 22.7);
        Assert.Single(sim.Host("a").Log, l => l.Contains("Quorum lost for tracked process tp"));
    }

    [Fact]
    public void Fork_delay_hides_a_fork_bounce_over_quorum_max_that_would_otherwise_hand_over()
    {
        var withDelay = Start(43, Tracked(-100, quorumMax: 1, forkMs: 1000), Tracked(-100, quorumMax: 1, forkMs: 1000));
        var without = Start(43, Tracked(-100, quorumMax: 1), Tracked(-100, quorumMax: 1));
        foreach (var sim in new[] { withDelay, without })
        {
            // The master forks (two running, over quorum_max 1) and the child execs another program 0.8 s later.
            Change(sim, 10, +1, ProcessCause.Fork);
            Change(sim, 10.8, -1, ProcessCause.Exec);
            sim.RunFor(S(20));
            ScenarioAssert.Clean(sim);
        }

        Assert.Null(ScenarioAssert.FirstEntered(withDelay, "b", "VI_1", VrrpState.Master, S(5)));
        ScenarioAssert.State(withDelay, "a", "VI_1", VrrpState.Master);
        Assert.NotNull(ScenarioAssert.FirstEntered(without, "b", "VI_1", VrrpState.Master, S(5)));
        ScenarioAssert.State(without, "a", "VI_1", VrrpState.Master); // preempts back once the child is gone
    }
}
