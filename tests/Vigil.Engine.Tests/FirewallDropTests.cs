using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>RFC 5798 Accept_Mode false (no_accept, vrrp_strict): the VIPs of a non-owner are in the firewall's drop
/// set exactly while it is MASTER, and the tables exist from the first load to the stop.</summary>
public sealed class FirewallDropTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress Excluded = IPAddress.Parse("2001:db8::1");

    private static Config.Model.VrrpInstanceConfig NoAccept(int priority = 100) =>
        Instance("VI_1", 51, priority, "198.51.100.1/24") with
        {
            Accept = false,
            VirtualIpAddressesExcluded = [Vip("2001:db8::1/64"), Vip("fe80::1/64")],
        };

    private static EngineHarness Master(Config.Model.VigilConfig config)
    {
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        return h;
    }

    /// <summary>The drop list in force after <paramref name="effects"/>, starting from
    /// <paramref name="before"/>.</summary>
    private static IReadOnlyList<IPAddress> Dropped(
        IEnumerable<EngineEffect> effects,
        IReadOnlyList<IPAddress>? before = null) =>
        effects.OfType<FirewallDrop>().LastOrDefault()?.Addresses ?? before ?? [];

    [Fact]
    public void Without_a_link_local_vip_the_tables_have_no_link_local_set()
    {
        var h = new EngineHarness(Cluster(NoAccept() with { VirtualIpAddressesExcluded = [Vip("2001:db8::1/64")] }));
        var tables = Assert.Single(h.Take().OfType<ConfigureFirewall>());
        Assert.Equal((true, true, false), (tables.IPv4, tables.IPv6, tables.LinkLocal));
    }

    [Fact]
    public void Tables_are_asked_for_at_the_first_load_before_any_address_and_nothing_is_dropped_in_backup()
    {
        var h = new EngineHarness(Cluster(NoAccept())
            .WithGlobal(g => g with { NftTable = "vigil", NftPriority = -5, NftCounters = true }));
        var effects = h.Take();
        var tables = Assert.Single(effects.OfType<ConfigureFirewall>());
        // The fixture has a link-local VIP: the IPv6 table gets vips_link_local ready.
        Assert.Equal(new ConfigureFirewall("vigil", -5, true, IPv4: true, IPv6: true) { LinkLocal = true }, tables);
        Assert.True(effects.IndexOf(tables) < effects.FindIndex(e => e is RemoveAddress or AddAddress));
        Assert.Empty(effects.OfType<FirewallDrop>());
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Entering_master_drops_vips_and_excluded_vips_before_adding_them_but_not_link_local_ones()
    {
        var h = Master(Cluster(NoAccept()));
        var effects = h.Take();
        var drop = Assert.Single(effects.OfType<FirewallDrop>());
        Assert.Equal([Vip, Excluded], drop.Addresses);
        Assert.True(effects.IndexOf(drop) < effects.FindIndex(e => e is AddAddress));
        Assert.Equal([Vip, Excluded], h.Engine.GetInstanceStatus("VI_1")!.FirewallDrops.Select(IPAddress.Parse));
    }

    [Fact]
    public void Leaving_master_for_backup_withdraws_after_removing_the_vips()
    {
        var h = Master(Cluster(NoAccept()));
        h.Take();
        h.Receive(EngineHarness.Advert(51, 200, vips: "198.51.100.1"));
        var effects = h.Take();
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        var withdraw = Assert.Single(effects.OfType<FirewallDrop>());
        Assert.Empty(withdraw.Addresses);
        Assert.True(effects.FindLastIndex(e => e is RemoveAddress) < effects.IndexOf(withdraw));
    }

    [Fact]
    public void Fault_withdraws_and_recovery_to_master_drops_again()
    {
        var h = Master(Cluster(NoAccept()));
        h.Take();
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        var fault = h.Take();
        Assert.Equal(VrrpState.Fault, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Empty(Dropped(fault, [Vip]));
        h.Engine.OnLinkChanged("eth0", true, h.Now);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal([Vip, Excluded], Dropped(h.Take()));
    }

    [Fact]
    public void Stop_withdraws_the_drops_and_then_turns_both_families_off()
    {
        var h = Master(Cluster(NoAccept()));
        h.Take();
        h.Engine.OnShutdownRequested(h.Now);
        var effects = h.Take();
        var withdraw = Assert.Single(effects.OfType<FirewallDrop>());
        Assert.Empty(withdraw.Addresses);
        var off = Assert.Single(effects.OfType<ConfigureFirewall>());
        Assert.False(off.Any);
        Assert.True(effects.IndexOf(withdraw) < effects.IndexOf(off));
    }

    [Fact]
    public void Accept_mode_and_the_address_owner_never_drop_and_need_no_tables()
    {
        foreach (var config in (Config.Model.VigilConfig[])[
                     Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")),
                     Cluster(NoAccept(priority: 255) with { ConfiguredState = VrrpState.Master })])
        {
            var h = Master(config);
            h.Engine.OnShutdownRequested(h.Now);
            h.Take();
            Assert.DoesNotContain(h.All, e => e is FirewallDrop or ConfigureFirewall);
        }
    }

    [Fact]
    public void A_reload_that_adds_a_vip_to_a_master_extends_the_drop_before_adding_it_and_one_to_accept_withdraws()
    {
        var config = Cluster(NoAccept());
        var h = Master(config);
        h.Take();
        var more = NoAccept() with { VirtualIpAddresses = [Vip("198.51.100.1/24"), Vip("198.51.100.2/24")] };
        h.Engine.Load(Cluster(more), h.Now);
        var effects = h.Take();
        var drop = Assert.Single(effects.OfType<FirewallDrop>());
        Assert.Contains(IPAddress.Parse("198.51.100.2"), drop.Addresses);
        Assert.True(effects.IndexOf(drop) < effects.FindIndex(e => e is AddAddress));
        Assert.Empty(effects.OfType<ConfigureFirewall>());

        h.Engine.Load(Cluster(more with { Accept = true }), h.Now);
        effects = h.Take();
        Assert.Empty(Assert.Single(effects.OfType<FirewallDrop>()).Addresses);
        Assert.False(Assert.Single(effects.OfType<ConfigureFirewall>()).Any);
    }
    [Fact]
    public void Link_local_vips_are_dropped_on_their_interface_while_master_as_keepalived_s_vips_link_local()
    {
        var config = NoAccept() with
        {
            VirtualIpAddresses =
                [Vip("198.51.100.1/24"), Vip("fe80::100/64"), Vip("fe80::200/64") with { Dev = "eth1" }],
        };
        var h = Master(Cluster(config));
        var drop = Assert.Single(h.Take().OfType<FirewallDrop>());
        Assert.DoesNotContain(drop.Addresses, a => a.IsIPv6LinkLocal);
        Assert.Equal(
            [
                new LinkLocalDrop(IPAddress.Parse("fe80::100"), "eth0"),
                new LinkLocalDrop(IPAddress.Parse("fe80::200"), "eth1"),
                new LinkLocalDrop(IPAddress.Parse("fe80::1"), "eth0")
            ],
            drop.LinkLocal);
        Assert.Equal("fe80::200%eth1", drop.LinkLocal[1].ToString());

        // Leaving MASTER withdraws them with the rest.
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        var withdraw = Assert.Single(h.Take().OfType<FirewallDrop>());
        Assert.True(withdraw.IsEmpty);
    }

    [Fact]
    public void An_instance_whose_only_ipv6_vip_is_link_local_still_gets_the_ipv6_table()
    {
        var config = Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            Accept = false,
            VirtualIpAddressesExcluded = [Vip("fe80::1/64")],
        };
        var h = new EngineHarness(Cluster(config));
        var tables = Assert.Single(h.Take().OfType<ConfigureFirewall>());
        Assert.True(tables.IPv4);
        Assert.True(tables.IPv6);
    }
}
