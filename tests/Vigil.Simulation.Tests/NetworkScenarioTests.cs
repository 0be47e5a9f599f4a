using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>Named scenarios about the network and configuration: split and heal, sync groups, v3 interval
/// adoption, reload, lossy links, IPv6, unicast.</summary>
public sealed class NetworkScenarioTests
{
    private static readonly VigilConfig Base = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"));

    [Fact]
    public void Split_brain_while_partitioned_and_one_master_after_heal()
    {
        var sim = Start(21, ("a", Base.ForHost(("VI_1", 150))), ("b", Base), ("c", Base.ForHost(("VI_1", 50))));
        sim.At(S(10), () => sim.Partition("lan", ["a"], ["b", "c"]));
        sim.At(S(20), () => sim.Heal("lan"));
        sim.RunFor(S(19));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master); // each side elects its own
        ScenarioAssert.State(sim, "c", "VI_1", VrrpState.Backup);

        sim.RunFor(S(20));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        // After the heal, b hears a's higher advert within one interval and yields at once.
        var yielded = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Backup, S(20))!.Value;
        Assert.InRange(yielded.TotalSeconds, 20, 21.01);
    }

    [Fact]
    public void Sync_group_member_fault_takes_the_whole_group_to_fault_and_backup_takes_both()
    {
        VigilConfig Group(int priority) => Cluster(
                Instance("VI_1", 51, priority, "198.51.100.1/24"),
                Instance("VI_2", 52, priority, "198.51.100.2/24") with { TrackScripts = [Track("chk", 0)] })
            .WithScripts(Script("chk"))
            .WithGroup("G1", "VI_1", "VI_2");
        var sim = Start(22, ("a", Group(150)), ("b", Group(100)));
        sim.Host("a").Scripts["chk"] = ScriptBehaviour.Succeeding().At(S(10.5), 1).At(S(20.5), 0);
        sim.RunFor(S(15));

        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Fault); // VI_1 has no tracker: the group drags it
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Fault);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_2", VrrpState.Master);
        Assert.Contains(sim.Host("a").Log, l => l.Contains("VRRP_Group(G1) Syncing instances to FAULT state"));

        sim.RunFor(S(25));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        ScenarioAssert.State(sim, "b", "VI_2", VrrpState.Backup);
    }

    [Fact]
    public void Sync_group_one_member_dropping_to_backup_pulls_the_others()
    {
        // b is higher for VI_1 only; with a's group {VI_1, VI_2}, losing VI_1 pulls VI_2 to BACKUP too.
        var a = Cluster(Instance("VI_1", 51, 150, "198.51.100.1/24"), Instance("VI_2", 52, 150, "198.51.100.2/24"))
            .WithGroup("G1", "VI_1", "VI_2");
        var b = Cluster(Instance("VI_1", 51, 200, "198.51.100.1/24"), Instance("VI_2", 52, 100, "198.51.100.2/24"));
        var sim = new Simulation(23);
        sim.AddHost("a", a);
        sim.Start();
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Master);
        sim.AddHost("b", b);
        sim.Restart(sim.Host("b"));
        sim.RunFor(S(5));

        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "a", "VI_2", VrrpState.Backup, S(10)));
        Assert.Contains(sim.Host("a").Log, l => l.Contains("VRRP_Group(G1) Syncing instances to BACKUP state"));
    }

    [Fact]
    public void V3_backup_adopts_the_master_advert_interval()
    {
        VigilConfig V3(int priority, int advMs) =>
            Cluster(Instance("VI_1", 51, priority, "198.51.100.1/24") with { Version = 3, AdvertIntervalMs = advMs });
        var sim = Start(24, ("a", V3(150, 500)), ("b", V3(100, 2000)));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.RunFor(S(9));
        var status = sim.Host("b").Engine!.GetInstanceStatus("VI_1")!;
        Assert.Equal(500, status.MasterAdvertIntervalMs);
        Assert.Equal(2000, status.AdvertIntervalMs);
        Assert.Equal(1500 + (156 * 500 / 256), status.MasterDownIntervalMs); // 3 x 0.5 s + Skew_Time

        sim.RunFor(S(10));
        ScenarioAssert.Clean(sim);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10 + 1.2, 10 + 1.81); // not 6.6 s as with its own 2 s interval
        Assert.Equal(2000, sim.Host("b").Engine!.GetInstanceStatus("VI_1")!.MasterAdvertIntervalMs);
    }

    [Fact]
    public void Reload_with_unchanged_instance_keeps_state_timers_and_vips_and_diffs_addresses()
    {
        var sim = Start(25, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.RunFor(S(10));
        var before = sim.Host("a").Notifies.Count;
        var changed = Base.ForHost(("VI_1", 150)) with
        {
            Instances =
            [
                Base.Instances[0] with
                {
                    Name = "VI_renamed",
                    Priority = 150,
                    VirtualIpAddresses = [Vip("198.51.100.1/24"), Vip("198.51.100.9/24")]
                }
            ],
        };
        sim.At(S(10.5), () => sim.Reload(sim.Host("a"), changed));
        sim.RunFor(S(10));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_renamed", VrrpState.Master);
        Assert.Null(ScenarioAssert.FirstEntered(sim, "a", "VI_renamed", VrrpState.Backup, S(10)));
        Assert.Equal(before, sim.Host("a").Notifies.Count);
        Assert.True(sim.Host("a").HoldsAddress(IPAddress.Parse("198.51.100.9")));
        Assert.True(sim.Host("a").HoldsAddress(IPAddress.Parse("198.51.100.1")));
        Assert.Null(ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, TimeSpan.Zero));
    }

    [Fact]
    public void Reload_removing_an_instance_resigns_it_with_priority_zero()
    {
        var sim = Start(26, ("a", Base.ForHost(("VI_1", 150))), ("b", Base));
        sim.At(S(10.3), () => sim.Reload(sim.Host("a"), Cluster()));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10.3 + 0.609, 10.3 + 0.612);
        Assert.Empty(sim.Host("a").Addresses);
    }

    [Fact]
    public void Lossy_duplicating_reordering_network_never_puts_a_vip_on_a_backup_and_settles_when_clean()
    {
        var sim = new Simulation(27);
        sim.AddHost("a", Base.ForHost(("VI_1", 150)));
        sim.AddHost("b", Base);
        sim.AddHost("c", Base.ForHost(("VI_1", 120)));
        sim.SetConditions("lan", new NetworkConditions
        {
            Loss = 0.3,
            Duplicate = 0.2,
            Reorder = 0.3,
            Jitter = TimeSpan.FromMilliseconds(30)
        });
        sim.Start();
        sim.RunFor(S(120));
        Assert.Empty(sim.Checker.Violations);
        sim.SetConditions("lan", NetworkConditions.Clean);
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.True(
            sim.Transitions.Count(t => t.To == VrrpState.Master) > 1,
            "30% loss should have caused spurious takeovers");
    }

    [Fact]
    public void Ipv6_v3_cluster_elects_and_fails_over()
    {
        var v6 = Cluster(Instance("VI_6", 61, 100, "2001:db8::1/64"));
        var sim = Start(28, ("a", v6.ForHost(("VI_6", 150))), ("b", v6));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        Assert.NotNull(ScenarioAssert.FirstEntered(sim, "a", "VI_6", VrrpState.Master, TimeSpan.Zero));
        ScenarioAssert.State(sim, "b", "VI_6", VrrpState.Master);
        Assert.True(sim.Host("b").HoldsAddress(IPAddress.Parse("2001:db8::1")));
        Assert.Equal(0, sim.Host("b").Engine!.GetInstanceStatus("VI_6")!.Counters.Dropped.Values.Sum());
    }

    [Fact]
    public void Unicast_peers_elect_without_multicast()
    {
        VigilConfig Uni(int priority, string peer) => Cluster(Instance("VI_1", 51, priority, "198.51.100.1/24") with
        {
            UnicastPeers = [new Vigil.Config.Model.UnicastPeerConfig { Address = IPAddress.Parse(peer) }],
        });
        var sim = Start(29, ("a", Uni(150, "192.0.2.11")), ("b", Uni(100, "192.0.2.10")));
        sim.At(S(10), () => sim.Stop(sim.Host("a")));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        var took = ScenarioAssert.FirstEntered(sim, "b", "VI_1", VrrpState.Master, S(10))!.Value;
        Assert.InRange(took.TotalSeconds, 10.609, 10.612);
    }

    [Fact]
    public void Same_vrid_on_two_segments_elects_one_master_per_segment()
    {
        var sim = new Simulation(30);
        var two = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24"),
            Instance("VI_2", 52, 100, "198.51.100.2/24") with { Interface = "eth1" });
        sim.AddHost("a", two.ForHost(("VI_1", 150), ("VI_2", 150)), ("eth0", "lan1"), ("eth1", "lan2"));
        sim.AddHost("b", two, ("eth0", "lan1"), ("eth1", "lan2"));
        sim.AddHost(
            "c",
            Cluster(Instance("VI_X", 51, 200, "198.51.100.9/24") with { Interface = "eth0" }),
            ("eth0", "lan2"));
        sim.At(S(10), () => sim.SetLink(sim.Host("a"), "eth1", false));
        sim.Start();
        sim.RunFor(S(30));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master); // lan1 is unaffected by a's eth1
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Fault);
        ScenarioAssert.State(sim, "b", "VI_2", VrrpState.Master);
        ScenarioAssert.State(sim, "c", "VI_X", VrrpState.Master); // VRID 51 on lan2 is another router
        Assert.True(sim.Checker.StableChecks > 0);
    }
}
