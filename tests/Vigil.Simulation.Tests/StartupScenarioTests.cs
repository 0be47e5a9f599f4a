using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;

namespace Vigil.Simulation.Tests;

public sealed class StartupScenarioTests
{
    [Fact]
    public void Startup_election_highest_priority_wins_after_master_down_interval()
    {
        var sim = new Simulation(1);
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"));
        sim.AddHost("a", config.ForHost(("VI_1", 150)));
        sim.AddHost("b", config.ForHost(("VI_1", 100)));
        sim.AddHost("c", config.ForHost(("VI_1", 50)));
        sim.Start();
        sim.RunFor(TimeSpan.FromSeconds(10));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        ScenarioAssert.State(sim, "c", "VI_1", VrrpState.Backup);
        Assert.True(sim.Host("a").HoldsAddress(System.Net.IPAddress.Parse("198.51.100.1")));
        Assert.False(sim.Host("b").HoldsAddress(System.Net.IPAddress.Parse("198.51.100.1")));
        // v2 with priority 150: Master_Down_Interval = 3 s + (256-150)/256 s = 3.414 s. Nobody is master earlier.
        var became = ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, TimeSpan.Zero)!.Value;
        Assert.InRange(became.TotalMilliseconds, 3413, 3415);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, TimeSpan.Zero));
        Assert.True(sim.Checker.StableChecks > 0);
    }
}
