using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>Named scenarios driven by trackers: weight demotion with and without fast handover, weight-0 FAULT,
/// rise/fall flapping, interface down.</summary>
public sealed class TrackingScenarioTests
{
    private static VigilConfig Tracked(
        int priority,
        int weight,
        int rise = 1,
        int fall = 1,
        bool fastHandover = true) =>
        Cluster(Instance("VI_1", 51, priority, "198.51.100.1/24") with { TrackScripts = [Track("chk", weight)] })
            .WithScripts(Script("chk", weight, rise, fall))
            .WithGlobal(g => g with { VrrpFastHandover = fastHandover });

    private static TimeSpan Handover(Simulation sim, string to, TimeSpan after)
    {
        var took = ScenarioAssert.FirstEntered(sim, to, "VI_1", VrrpState.Master, after);
        Assert.NotNull(took);
        return took!.Value;
    }

    [Fact]
    public void Weight_demotion_with_fast_handover_moves_the_vip_within_one_skew_time()
    {
        var sim = Start(11, ("a", Tracked(150, -100)), ("b", Tracked(100, -100)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1);
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        Assert.Equal(50, sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.EffectivePriority);
        // The failing run starts at 11.0 s and ends 5 ms later; b then needs Skew_Time(100) = 0.609 s.
        var took = Handover(sim, "b", S(10));
        Assert.InRange(took.TotalSeconds, 11.005 + 0.609, 11.005 + 0.612);
    }

    [Fact]
    public void Weight_demotion_without_fast_handover_keeps_keepalived_timing()
    {
        var sim = Start(
            12,
            ("a", Tracked(150, -100, fastHandover: false)),
            ("b", Tracked(100, -100, fastHandover: false)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1);
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        // b discards a's lower adverts and waits out the timer it restarted on a's last advert at 150 (<= 11.0 s):
        // 3 s + 0.609 s later. keepalived's ~3.6-4.6 s, versus 0.6 s above.
        var took = Handover(sim, "b", S(10));
        Assert.InRange(took.TotalSeconds, 11.005 + 2.6, 11.005 + 3.61);
    }

    [Fact]
    public void Three_routers_fast_handover_only_the_best_backup_takes_over()
    {
        var sim = Start(13, ("a", Tracked(150, -100)), ("b", Tracked(120, -100)), ("c", Tracked(110, -100)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1);
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "c", "VI_1", VrrpState.Master, TimeSpan.Zero));
        var took = Handover(sim, "b", S(10));
        Assert.InRange(took.TotalSeconds, 11.005 + 0.531, 11.005 + 0.534); // Skew_Time(120) = 136/256 s
    }

    [Fact]
    public void Three_routers_without_fast_handover_also_elect_only_the_best_backup()
    {
        var sim = Start(
            14,
            ("a", Tracked(150, -100, fastHandover: false)),
            ("b", Tracked(120, -100, fastHandover: false)),
            ("c", Tracked(110, -100, fastHandover: false)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1);
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "c", "VI_1", VrrpState.Master, TimeSpan.Zero));
    }

    [Fact]
    public void Weight_zero_script_failure_faults_the_master_and_recovery_preempts_back()
    {
        var sim = Start(15, ("a", Tracked(150, 0)), ("b", Tracked(100, 0)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1).At(S(20.5), 0);
        sim.RunFor(S(40));

        ScenarioAssert.Clean(sim);
        var fault = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Fault, S(10))!.Value;
        Assert.InRange(fault.TotalSeconds, 11.0, 11.01);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange((took - fault).TotalSeconds, 0.609, 0.612); // priority 0 -> Skew_Time
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Backup, S(21)));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Contains(sim.Host("a").Log, l => l.Contains("VRRP_Script(chk) failed (exited with status 1)"));
        Assert.Contains(sim.Host("a").Log, l => l.Contains("(VI_1) Entering FAULT STATE"));
    }

    [Fact]
    public void Flapping_script_under_rise_and_fall_does_not_move_priority()
    {
        var sim = Start(16, ("a", Tracked(150, -100, rise: 3, fall: 3)), ("b", Tracked(100, -100, rise: 3, fall: 3)));
        // Alternating results every run from 10 s: never three of a kind in a row, so no transition.
        var flap = ScriptBehaviour.Succeeding();
        for (var t = 10.5; t < 30; t += 2)
        {
            flap.At(S(t), 1).At(S(t + 1), 0);
        }

        flap.At(S(30.5), 1);
        sim.Host("a").Scripts["chk"] = flap;
        sim.RunFor(S(29.9));
        Assert.Equal(150, sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.EffectivePriority);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);

        // Three failures in a row from 31 s: KO at the third (33 s), then the handover.
        sim.RunFor(S(10));
        ScenarioAssert.Clean(sim);
        Assert.Equal(50, sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.EffectivePriority);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(30))!.Value;
        Assert.InRange(took.TotalSeconds, 33.0, 33.7);
    }

    [Fact]
    public void Interface_down_faults_the_master_and_link_up_recovers()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"));
        var sim = Start(17, ("a", config.ForHost(("VI_1", 150))), ("b", config));
        sim.At(S(10), () => sim.SetLink(sim.Host("a"), "eth0", false));
        sim.At(S(20), () => sim.SetLink(sim.Host("a"), "eth0", true));
        sim.RunFor(S(40));

        ScenarioAssert.Clean(sim);
        Assert.Equal(S(10), ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Fault, S(10)));
        Assert.Contains(
            sim.Host("a").Log,
            l => l.EndsWith("(VI_1) fault reasons: interface eth0", StringComparison.Ordinal));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10)));
        Assert.False(sim.Host("b").HoldsAddress(IPAddress.Parse("198.51.100.1")));
    }
}
