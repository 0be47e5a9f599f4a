using System.Net;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>A third party on the segment sends well-formed adverts the cluster did not ask for.</summary>
public sealed class HostileAdvertScenarioTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("198.51.100.1");
    private static readonly byte[] Forger = [192, 0, 2, 66];
    private static readonly byte[] Group = [224, 0, 0, 18];
    private static readonly Vigil.Config.Model.VigilConfig Base = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"));

    private static byte[] Advert(byte priority)
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(51), new(priority),
            VrrpWire.FromCentiseconds(100), IpAddressValue.Read(Forger), IpAddressValue.Read(Group));
        var buffer = new byte[64];
        return buffer[..VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.1")], buffer)];
    }

    private static void Inject(Simulation sim, string host, byte[] advert) =>
        sim.InjectAdvert(sim.Host(host), "eth0", IpFamily.IPv4, Forger, Group, advert);

    [Fact]
    public void Forged_lower_adverts_from_a_third_address_do_not_make_a_backup_take_over()
    {
        var sim = Start(21, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        var forged = Advert(1);
        for (var i = 0; i < 50; i++)
        {
            sim.At(S(10 + i * 0.1), () => Inject(sim, "b", forged));
        }

        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, TimeSpan.Zero));
        Assert.True(sim.Host("a").HoldsAddress(Vip));
        var counters = sim.Host("b").Engine!.GetInstanceStatus("VI_1")!.Counters;
        Assert.Equal(0, counters.FastHandovers);
    }

    [Fact]
    public void A_real_demotion_still_hands_over_fast_while_forged_adverts_arrive()
    {
        var sim = Start(22, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        var forged = Advert(1);
        for (var i = 0; i < 20; i++)
        {
            sim.At(S(9 + i * 0.1), () => Inject(sim, "b", forged));
        }

        // a demotes itself below b at 10 s (a reload with priority 50): b follows a, so it takes over one skew later.
        sim.At(S(10), () => sim.Reload(sim.Host("a"), Base.ForHost(("VI_1", 50))));
        sim.RunFor(S(15));

        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10, 10 + 0.62);
        Assert.Equal(1, sim.Host("b").Engine!.GetInstanceStatus("VI_1")!.Counters.FastHandovers);
    }

    [Fact]
    public void A_master_flooded_with_lower_adverts_answers_once_per_interval_and_keeps_the_vip()
    {
        var sim = Start(23, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        var forged = Advert(50);
        for (var i = 0; i < 40; i++)
        {
            // 40 rounds of 500 adverts in the same instant: 20,000 in 4 s.
            sim.At(S(10 + i * 0.1), () =>
            {
                for (var k = 0; k < 500; k++)
                {
                    Inject(sim, "a", forged);
                }
            });
        }

        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, TimeSpan.Zero));
        var counters = sim.Host("a").Engine!.GetInstanceStatus("VI_1")!.Counters;
        // 4 s of flood at advert_int 1: at most 5 answers (one per interval), the rest counted.
        Assert.InRange(counters.LowerPriorityAnswersSuppressed, 20_000 - 5, 20_000 - 1);
    }
}
