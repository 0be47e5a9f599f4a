using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>Static entries as keepalived 2.2.7 was observed to treat them: the instances of a static entry's
/// <c>track_group</c> track its interface (FAULT while down, back when up); a deleted static address is added back;
/// static routes the kernel dropped with their interface are added back when it comes up.</summary>
public sealed class StaticTrackGroupTests
{
    private static readonly RouteConfig Route = new()
    {
        Family = IpFamily.IPv4, Destination = IPAddress.Parse("198.51.100.0"), Prefix = 26,
        Gateway = IPAddress.Parse("198.51.100.1"), Dev = "eth1", Table = 200,
    };

    private static VigilConfig Config(
        string? routeGroup = "G1",
        string? addressGroup = null,
        string? ruleGroup = null) =>
        Cluster(Instance("VI_1", 51, 100, "192.0.2.100/24"), Instance("VI_2", 52, 100, "192.0.2.101/24")) with
        {
            TrackGroups = new Dictionary<string, IReadOnlyList<string>> { ["G1"] = ["VI_1"] },
            StaticRoutes = [Route with { TrackGroup = routeGroup }],
            StaticAddresses = [Vip("192.0.2.200/32") with { Dev = "eth2", TrackGroup = addressGroup }],
            StaticRules =
            [
                new RuleConfig
                {
                    Family = IpFamily.IPv4, InInterface = "eth3", Table = 200, Preference = 300, TrackGroup = ruleGroup
                }
            ],
        };

    private static EngineHarness Started(VigilConfig config)
    {
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Take();
        return h;
    }

    [Theory]
    [InlineData("G1", null, null, "eth1")]
    [InlineData(null, "G1", null, "eth2")]
    [InlineData(null, null, "G1", "eth3")]
    public void A_group_member_is_fault_while_the_entry_s_interface_is_down_and_others_are_not(
        string? route,
        string? address,
        string? rule,
        string dev)
    {
        var h = Started(Config(route, address, rule));
        h.Engine.OnLinkChanged(dev, false, h.Now);
        var status = h.Engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(VrrpState.Fault, status.State);
        Assert.Equal([$"interface {dev}"], status.FaultReasons);
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_2")!.State);

        h.Engine.OnLinkChanged(dev, true, h.Now);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Without_a_group_the_entry_s_interface_going_down_changes_no_state()
    {
        var h = Started(Config(routeGroup: null));
        h.Engine.OnLinkChanged("eth1", false, h.Now);
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void A_deleted_static_address_is_added_back_and_one_on_another_interface_is_not()
    {
        var h = Started(Config());
        h.Engine.OnAddressDeleted("eth0", IPAddress.Parse("192.0.2.200"), h.Now);
        Assert.Empty(h.Take().OfType<AddAddress>());
        h.Engine.OnAddressDeleted("eth2", IPAddress.Parse("192.0.2.200"), h.Now);
        var effects = h.Take();
        var add = Assert.Single(effects.OfType<AddAddress>());
        Assert.Equal(
            (VrrpEngine.StaticOwner, "eth2", "192.0.2.200/32"),
            (add.Instance, add.Address.Interface, add.Address.ToString()));
        Assert.Contains(
            effects.OfType<LogLine>(),
            l => l.Message == "Restoring deleted static address 192.0.2.200/32 dev eth2");
    }

    [Fact]
    public void A_static_address_missing_after_lost_notifications_is_added_back()
    {
        var h = Started(Config());
        h.Engine.RecheckVips((dev, address) => !address.Equals(IPAddress.Parse("192.0.2.200")), h.Now);
        Assert.Equal("192.0.2.200/32", Assert.Single(h.Take().OfType<AddAddress>()).Address.ToString());
    }

    [Fact]
    public void Static_routes_through_an_interface_are_added_back_when_it_comes_up_again()
    {
        var h = Started(Config(routeGroup: null));
        h.Engine.OnLinkChanged("eth1", true, h.Now); // first report: nothing was lost
        Assert.Empty(h.Take().OfType<InstallRoute>());
        h.Engine.OnLinkChanged("eth1", false, h.Now);
        h.Engine.OnLinkChanged("eth1", true, h.Now);
        Assert.Equal(Route, Assert.Single(h.Take().OfType<InstallRoute>()).Route);
        h.Engine.OnLinkChanged("eth2", false, h.Now);
        h.Engine.OnLinkChanged("eth2", true, h.Now);
        Assert.Empty(h.Take().OfType<InstallRoute>());
    }
}
