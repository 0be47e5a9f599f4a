using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>Two instances with VIPs in one subnet: the kernel deletes secondaries with their primary, so a MASTER
/// re-adds a VIP it loses, and promote_secondaries asks for the sysctl that avoids the loss.</summary>
public sealed class AddressDeletionTests
{
    private static EngineHarness TwoMasters(bool promote = false)
    {
        var config = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24") with { PromoteSecondaries = promote },
            Instance("VI_2", 52, 100, "198.51.100.2/24"));
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_2")!.State);
        h.Take();
        return h;
    }

    [Fact]
    public void A_master_adds_back_a_vip_the_kernel_deleted_and_announces_it()
    {
        var h = TwoMasters();
        h.Engine.OnAddressDeleted("eth0", IPAddress.Parse("198.51.100.2"), h.Now);
        var effects = h.Take();
        var add = Assert.Single(effects.OfType<AddAddress>());
        Assert.Equal(("VI_2", "198.51.100.2/24"), (add.Instance, add.Address.ToString()));
        Assert.Single(effects.OfType<Effects.Announce>());
        Assert.Contains(effects.OfType<LogLine>(), l => l.Message.Contains("was removed from eth0 while MASTER"));
        Assert.Equal(1, h.Engine.GetInstanceStatus("VI_2")!.Counters.VipsRestored);
    }

    [Fact]
    public void Deletions_of_other_addresses_or_on_other_interfaces_or_in_backup_change_nothing()
    {
        var h = TwoMasters();
        h.Engine.OnAddressDeleted("eth0", IPAddress.Parse("198.51.100.9"), h.Now);
        h.Engine.OnAddressDeleted("eth1", IPAddress.Parse("198.51.100.2"), h.Now);
        Assert.Empty(h.Take().OfType<AddAddress>());

        // VI_1 leaves MASTER (a higher advert) and removes its VIP; the kernel's report of it is not re-added.
        h.Receive(EngineHarness.Advert(51, 200, vips: "198.51.100.1"));
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Contains(h.Take(), e => e is RemoveAddress { Instance: "VI_1" });
        h.Engine.OnAddressDeleted("eth0", IPAddress.Parse("198.51.100.1"), h.Now);
        Assert.Empty(h.Take().OfType<AddAddress>());
    }

    [Fact]
    public void After_lost_notifications_a_recheck_restores_only_the_missing_vips_of_masters()
    {
        var h = TwoMasters();
        h.Engine.RecheckVips(
            (dev, address) => dev == "eth0" && !address.Equals(IPAddress.Parse("198.51.100.1")),
            h.Now);
        var add = Assert.Single(h.Take().OfType<AddAddress>());
        Assert.Equal(("VI_1", "198.51.100.1/24"), (add.Instance, add.Address.ToString()));

        h.Engine.RecheckVips((_, _) => true, h.Now);
        Assert.Empty(h.Take().OfType<AddAddress>());
    }

    [Fact]
    public void Promote_secondaries_is_asked_for_at_every_load_before_any_address_change()
    {
        var config = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24") with { PromoteSecondaries = true },
            Instance("VI_2", 52, 100, "198.51.100.2/24"));
        var h = new EngineHarness(config);
        var effects = h.Take();
        var promote = Assert.Single(effects.OfType<PromoteSecondaries>());
        Assert.Equal("eth0", promote.Interface);
        Assert.True(effects.IndexOf(promote) < effects.FindIndex(e => e is RemoveAddress or AddAddress));

        h.Engine.Load(config, h.Now);
        Assert.Single(h.Take().OfType<PromoteSecondaries>());

        var without = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        Assert.Empty(without.Take().OfType<PromoteSecondaries>());
    }
}
