using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>auth_type AH across a simulated segment: signed datagrams on the wire, sequence numbers adopted across
/// crashes and restarts so no advert is refused, and a host with another key is never heard.</summary>
public sealed class AhScenarioTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("198.51.100.1");

    private static VigilConfig Ah(string key) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { AuthType = AuthType.Ah, AuthPass = key });

    private static long AuthFailures(Simulation sim, string host) =>
        sim.Host(host).Engine!.GetInstanceStatus("VI_1")!.Counters.Dropped.GetValueOrDefault("auth_failure");

    [Fact]
    public void Crash_and_restart_moves_the_vip_away_and_back_without_a_refused_advert()
    {
        var sim = Start(11, ("a", Ah("secret1").ForHost(("VI_1", 150))), ("b", Ah("secret1")));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(20), () => sim.Restart(sim.Host("a")));
        sim.RunFor(S(35));

        ScenarioAssert.Clean(sim);
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10)));
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "a", "VI_1", VrrpState.Master, S(20)));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        Assert.True(sim.Host("a").HoldsAddress(Vip));
        Assert.False(sim.Host("b").HoldsAddress(Vip));
        Assert.Equal(0, AuthFailures(sim, "a"));
        Assert.Equal(0, AuthFailures(sim, "b"));
    }

    [Fact]
    public void Hosts_with_different_keys_do_not_hear_each_other()
    {
        var sim = Start(12, ("a", Ah("secret1").ForHost(("VI_1", 150))), ("b", Ah("other")));
        sim.RunFor(S(10));

        // Both masters: each refuses the other's adverts as authentication failures.
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.True(AuthFailures(sim, "a") > 0);
        Assert.True(AuthFailures(sim, "b") > 0);
    }
}
