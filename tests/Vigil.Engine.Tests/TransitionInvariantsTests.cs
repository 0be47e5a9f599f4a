using Vigil.Core.Primitives;
using Vigil.Engine;

namespace Vigil.Engine.Tests;

/// <summary>The rules checked at every state change, and that breaking one is reported rather than thrown.</summary>
public sealed class TransitionInvariantsTests
{
    private static readonly MonotonicTime Armed = MonotonicTime.FromMilliseconds(5000);

    [Theory]
    [InlineData(VrrpState.Master, true, true, 100)]
    [InlineData(VrrpState.Backup, false, true, 100)]
    [InlineData(VrrpState.Fault, false, false, 1)]
    [InlineData(VrrpState.Stop, false, false, 255)]
    public void A_sound_state_breaks_nothing(VrrpState state, bool installed, bool timer, int priority) =>
        Assert.Null(TransitionInvariants.Broken(state, installed, timer ? Armed : MonotonicTime.Never, priority));

    [Theory]
    [InlineData(VrrpState.Master, false, true, 100, "MASTER without its VIPs installed")]
    [InlineData(VrrpState.Backup, true, true, 100, "VIPs installed outside MASTER")]
    [InlineData(VrrpState.Fault, true, false, 100, "VIPs installed outside MASTER")]
    [InlineData(VrrpState.Backup, false, false, 100, "no timer armed")]
    [InlineData(VrrpState.Master, true, false, 100, "no timer armed")]
    [InlineData(VrrpState.Backup, false, true, 0, "priority 0 outside 1..255")]
    [InlineData(VrrpState.Master, true, true, 256, "priority 256 outside 1..255")]
    [InlineData(
        VrrpState.Master,
        false,
        false,
        0,
        "MASTER without its VIPs installed; no timer armed; priority 0 outside 1..255")]
    public void Each_broken_rule_is_named(VrrpState state, bool installed, bool timer, int priority, string expected) =>
        Assert.Equal(
            expected,
            TransitionInvariants.Broken(state, installed, timer ? Armed : MonotonicTime.Never, priority));

    [Fact]
    public void An_engine_through_election_failover_and_stop_breaks_none()
    {
        var sim = new Simulation.Simulation(5);
        var config = Simulation.Configs.Cluster(Simulation.Configs.Instance("VI_1", 51, 100, "198.51.100.1/24"));
        sim.AddHost("a", Simulation.Configs.ForHost(config, ("VI_1", 150)));
        sim.AddHost("b", config);
        sim.Start();
        sim.RunFor(TimeSpan.FromSeconds(10));
        sim.Stop(sim.Host("a"));
        sim.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal(VrrpState.Master, sim.Host("b").StateOf("VI_1"));
        Assert.Equal(0, sim.Host("b").Engine!.InvariantViolations);
        Assert.Equal(0, sim.Host("b").Engine!.GetStatus().InvariantViolations);
        Assert.Empty(sim.Checker.Violations);
    }
}
