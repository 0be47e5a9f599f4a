using System.Net;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>Named scenarios: election, crash, graceful stop, preemption, nopreempt, preempt_delay, tie-break,
/// owner.</summary>
public sealed class ElectionScenarioTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("198.51.100.1");
    private static readonly Vigil.Config.Model.VigilConfig Base = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"));

    [Fact]
    public void Startup_election_highest_priority_wins_after_master_down_interval()
    {
        var sim = Start(1, ("a", Base.ForHost(("VI_1", 150))), ("b", Base), ("c", Base.ForHost(("VI_1", 50))));
        sim.RunFor(S(10));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        ScenarioAssert.State(sim, "c", "VI_1", VrrpState.Backup);
        Assert.True(sim.Host("a").HoldsAddress(Vip));
        Assert.False(sim.Host("b").HoldsAddress(Vip));
        // v2, priority 150: Master_Down_Interval = 3 s + (256-150)/256 s = 3.414 s; even state MASTER waits it.
        var became = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, TimeSpan.Zero)!.Value;
        Assert.InRange(became.TotalMilliseconds, 3413, 3415);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, TimeSpan.Zero));
        Assert.True(sim.Checker.StableChecks > 0);
    }

    [Fact]
    public void Master_crash_backup_takes_over_after_master_down_interval()
    {
        var sim = Start(2, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.True(sim.Host("b").HoldsAddress(Vip));
        // b (100) last heard a just before 10 s: takes over 3 + 156/256 s after that advert.
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10 + 2.6, 10 + 3.62);
    }

    [Fact]
    public void Graceful_stop_sends_priority_zero_and_backup_takes_over_after_skew_time()
    {
        var sim = Start(3, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.At(S(10.2), () => sim.Stop(sim.Host("a")));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        // Skew_Time for 100 (v2) = 156/256 s = 0.609 s after the priority-0 advert.
        Assert.InRange(took.TotalSeconds, 10.2 + 0.609, 10.2 + 0.612);
        Assert.Equal(1, sim.Host("b").Engine!.GetInstanceStatus("VI_1")!.Counters.PriorityZeroReceived);
    }

    [Fact]
    public void Preemption_when_the_higher_priority_router_restarts()
    {
        var sim = Start(4, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(40));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        // a boots as BACKUP and hears b's lower adverts, but follows no master yet: fast handover reacts only to
        // the master whose adverts it has accepted (a forged lower advert must not make a node MASTER), so a waits
        // its full Master_Down_Interval (3 x 1 s + 0.414 s at priority 150), as keepalived does, then preempts.
        var back = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, S(20))!.Value;
        Assert.InRange(back.TotalSeconds, 20 + 3.414, 20 + 3.414 + 0.1);
        Assert.False(sim.Host("b").HoldsAddress(Vip));
    }

    [Fact]
    public void Nopreempt_keeps_the_live_lower_priority_master()
    {
        var np = Base.ForHost(("VI_1", 150)) with
        {
            Instances = [Base.Instances[0] with { Priority = 150, Preempt = false }]
        };
        var sim = Start(5, ("a", np), ("b", Base));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(60));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Contains("nopreempt", sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.Reason);
    }

    [Fact]
    public void Preempt_delay_waits_before_taking_over()
    {
        var pd = Base with { Instances = [Base.Instances[0] with { Priority = 150, PreemptDelayMs = 10_000 }] };
        var sim = Start(6, ("a", pd), ("b", Base));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(60));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        var back = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, S(20))!.Value;
        // First lower advert within 1 s of boot, then 10 s of accepting, then one skew time.
        Assert.InRange(back.TotalSeconds, 30, 32);
    }

    [Fact]
    public void Equal_priority_tie_break_gives_master_to_the_higher_address()
    {
        // Both start together with equal timers: both become MASTER, and the lower address yields.
        var sim = Start(7, ("a", Base), ("b", Base));
        sim.RunFor(S(15));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master); // 192.0.2.11 > 192.0.2.10
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, TimeSpan.Zero));
        Assert.Contains(sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.Counters.ReleaseMaster, new long[] { 1 });
    }

    [Fact]
    public void Address_owner_is_master_at_once_and_preempts_on_restart()
    {
        var sim = Start(8, ("a", Base.ForHost(("VI_1", 255))), ("b", Base));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        Assert.Equal(TimeSpan.Zero, ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, TimeSpan.Zero));
        Assert.Equal(S(20), ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, S(20)));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
    }

    [Fact]
    public void Kill_minus_9_leaves_vips_until_the_restart_removes_them()
    {
        var sim = Start(9, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.At(S(10), () => sim.KillDaemon(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(19));
        Assert.True(sim.Host("a").HoldsAddress(Vip)); // the kernel still has it: the dead daemon could not remove it
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);

        sim.RunFor(S(1.001));
        Assert.False(sim.Host("a").HoldsAddress(Vip)); // removed at start-up, before any decision
        sim.RunFor(S(20));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.False(sim.Host("b").HoldsAddress(Vip));
    }
}
