using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>vrrp_garp_interval / vrrp_gna_interval, garp_group and garp_extra_if: when each gratuitous ARP
/// leaves.</summary>
public sealed class AnnouncePacingTests
{
    /// <summary>Runs the engine in 10 ms steps for <paramref name="span"/>, noting when each announcement
    /// leaves.</summary>
    private static List<(MonotonicTime At, Effects.Announce Announce)> Record(EngineHarness h, TimeSpan span)
    {
        var seen = new List<(MonotonicTime, Effects.Announce)>();
        var end = h.Now + span;
        while (h.Now < end)
        {
            h.Advance(TimeSpan.FromMilliseconds(10));
            seen.AddRange(h.Take().OfType<Effects.Announce>().Select(a => (h.Now, a)));
        }

        return seen;
    }

    private static VrrpInstanceConfig TwoVips() =>
        Instance("VI_1", 51, 100, "198.51.100.1/24", "198.51.100.2/24") with
        {
            GarpMasterRepeat = 2,
            GarpMasterDelayMs = 0
        };

    [Fact]
    public void Without_an_interval_the_whole_burst_leaves_at_once()
    {
        var h = new EngineHarness(Cluster(TwoVips()));
        var seen = Record(h, TimeSpan.FromSeconds(5));
        Assert.Equal(4, seen.Count);
        Assert.Single(seen.Select(s => s.At).Distinct());
    }

    [Fact]
    public void Vrrp_garp_interval_spaces_the_burst_on_the_interface()
    {
        var h = new EngineHarness(Cluster(TwoVips()).WithGlobal(g => g with { GarpIntervalMs = 200 }));
        var seen = Record(h, TimeSpan.FromSeconds(6));
        Assert.Equal(4, seen.Count);
        var gaps = seen.Zip(seen.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 200, 210));
        Assert.Equal(0, h.Engine.AnnouncementsQueued);
    }

    [Fact]
    public void Gna_interval_paces_only_neighbour_adverts()
    {
        var config = Cluster(TwoVips()).WithGlobal(g => g with { GnaIntervalMs = 500 });
        var seen = Record(new EngineHarness(config), TimeSpan.FromSeconds(5));
        Assert.Single(seen.Select(s => s.At).Distinct());
    }

    [Fact]
    public void A_garp_group_spaces_announcements_across_its_interfaces_and_overrides_the_global_interval()
    {
        var vi = Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            GarpMasterRepeat = 1,
            GarpMasterDelayMs = 0,
            VirtualIpAddresses = [Vip("198.51.100.1/24"), Vip("198.51.100.2/24") with { Dev = "eth1" }],
        };
        var config = Cluster(vi).WithGlobal(g => g with { GarpIntervalMs = 50 }) with
        {
            GarpGroups = [new GarpGroupConfig { GarpIntervalMs = 300, Interfaces = ["eth0", "eth1"] }],
        };
        var seen = Record(new EngineHarness(config), TimeSpan.FromSeconds(5));
        Assert.Equal(["eth0", "eth1"], seen.Select(s => s.Announce.Interface));
        Assert.InRange((seen[1].At - seen[0].At).TotalMilliseconds, 300, 310);
    }

    [Fact]
    public void Queued_announcements_of_an_instance_that_leaves_master_are_dropped()
    {
        var h = new EngineHarness(Cluster(TwoVips()).WithGlobal(g => g with { GarpIntervalMs = 1000 }));
        var before = Record(h, TimeSpan.FromSeconds(4.5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.True(h.Engine.AnnouncementsQueued > 0);
        h.Receive(EngineHarness.Advert(51, 200, vips: ["198.51.100.1", "198.51.100.2"]));
        Assert.Equal(0, h.Engine.AnnouncementsQueued);
        // Within the master-down interval (over 3 s), before the instance could take over again.
        Assert.Empty(Record(h, TimeSpan.FromSeconds(2.5)));
        Assert.True(before.Count < 4);
    }

    [Fact]
    public void Garp_extra_if_all_announces_one_vip_per_other_interface_every_period_while_master()
    {
        var vi = Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            GarpMasterRepeat = 1,
            GarpMasterDelayMs = 1000,
            GarpExtraIfSeconds = 2,
            GarpExtraIfAll = true,
            VirtualIpAddresses =
            [
                Vip("198.51.100.1/24"),
                Vip("198.51.100.2/24") with { Dev = "eth1" },
                Vip("198.51.100.3/24") with { Dev = "eth1" }
            ],
        };
        var h = new EngineHarness(Cluster(vi));
        var seen = Record(h, TimeSpan.FromSeconds(12));
        var masterAt = seen[0].At;
        var extra = seen.Where(s => s.At > masterAt + TimeSpan.FromMilliseconds(1500)).ToList();
        Assert.All(
            extra,
            s => Assert.Equal(("eth1", "198.51.100.2"), (s.Announce.Interface, s.Announce.Address.ToString())));
        // Master delay (1 s) plus the period (2 s), then every 2 s.
        Assert.Equal(
            [3000.0, 5000.0, 7000.0],
            extra.Select(s => (s.At - masterAt).TotalMilliseconds).Take(3).Select(ms => Math.Round(ms / 10) * 10));
    }

    [Fact]
    public void Garp_extra_if_without_all_sends_nothing_extra_without_vmac_interfaces()
    {
        var vi = Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            GarpMasterRepeat = 1,
            GarpMasterDelayMs = 0,
            GarpExtraIfSeconds = 1,
            VirtualIpAddresses = [Vip("198.51.100.1/24"), Vip("198.51.100.2/24") with { Dev = "eth1" }],
        };
        var seen = Record(new EngineHarness(Cluster(vi)), TimeSpan.FromSeconds(10));
        Assert.Equal(2, seen.Count);
    }
}
