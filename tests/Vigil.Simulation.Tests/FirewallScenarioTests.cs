using System.Net;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>no_accept across failovers: at every sampled moment a host drops the VIP exactly when its instance is
/// MASTER (and holds the VIP); after a graceful stop its tables are gone.</summary>
public sealed class FirewallScenarioTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("198.51.100.1");
    private static readonly Vigil.Config.Model.VigilConfig Base =
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { Accept = false });

    private static bool Drops(SimHost host) => host.DroppedAddresses.Contains(Vip);

    private static bool IsMaster(SimHost host) => host.Engine?.GetInstanceStatus("VI_1")?.State == VrrpState.Master;

    [Fact]
    public void The_drop_follows_mastership_through_crash_link_fault_and_stop()
    {
        var sim = Start(7, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        var samples = new List<(double At, string Host, bool Master, bool Holds, bool Drops)>();
        for (var t = 1.0; t < 40; t += 0.25)
        {
            var at = t;
            sim.At(S(t), () =>
            {
                foreach (var name in (string[])["a", "b"])
                {
                    var h = sim.Host(name);
                    if (h.Engine is not null && !h.Engine.IsStopped)
                        samples.Add((at, name, IsMaster(h), h.HoldsAddress(Vip), Drops(h)));
                }
            });
        }

        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.At(S(15), () => sim.Restart(sim.Host("a")));
        sim.At(S(25), () => sim.SetLink(sim.Host("a"), "eth0", false));
        sim.At(S(30), () => sim.SetLink(sim.Host("a"), "eth0", true));
        (bool Tables, int Dropped)? afterStop = null;
        sim.At(S(38), () =>
        {
            // The stop's effects, looked at before the simulated host powers off (which forgets its tables).
            var b = sim.Host("b");
            b.Engine!.OnShutdownRequested(sim.Now);
            b.Drain(sim.Now);
            afterStop = (b.FirewallTables!.Any, b.DroppedAddresses.Count);
            sim.Stop(b);
        });
        sim.RunFor(S(40));

        ScenarioAssert.Clean(sim);
        Assert.All(samples, s => Assert.True(s.Master == s.Drops && s.Holds == s.Drops, s.ToString()));
        // Both hosts were MASTER (and dropped) at some point: b while a was crashed and in FAULT.
        Assert.Contains(samples, s => s.Host == "a" && s.Drops);
        Assert.Contains(samples, s => s.Host == "b" && s.Drops);
        Assert.Equal((false, 0), afterStop);
    }
    [Fact]
    public void A_link_local_vip_is_dropped_on_its_interface_by_whichever_host_is_master()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            Accept = false,
            VirtualIpAddressesExcluded = [Vip("fe80::100/64")],
        });
        var sim = Start(5, ("a", config.ForHost(("VI_1", 150))), ("b", config));
        sim.RunFor(S(10));
        var a = sim.Host("a");
        var b = sim.Host("b");
        var linkLocal = new Engine.Effects.LinkLocalDrop(IPAddress.Parse("fe80::100"), "eth0");
        Assert.Equal([linkLocal], a.DroppedLinkLocal);
        Assert.Empty(b.DroppedLinkLocal);
        Assert.DoesNotContain(a.DroppedAddresses, x => x.IsIPv6LinkLocal);

        sim.SetLink(a, "eth0", false);
        sim.RunFor(S(5));
        Assert.Empty(a.DroppedLinkLocal);
        Assert.Equal([linkLocal], b.DroppedLinkLocal);
        ScenarioAssert.Clean(sim);
    }
}
