using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>After a netlink overflow the driver re-lists the kernel's routes and rules of protocol keepalived: a
/// tracked entry missing from the list was deleted unheard and is answered as a heard deletion would have
/// been.</summary>
public sealed class RouteRecheckTests
{
    private static readonly RouteConfig Virtual = new()
    {
        Family = IpFamily.IPv4, Destination = IPAddress.Parse("198.51.100.0"), Prefix = 25,
        Gateway = IPAddress.Parse("192.0.2.254"), Dev = "eth0", Table = 100,
    };

    private static readonly RouteConfig VirtualNoTrack =
        Virtual with { Destination = IPAddress.Parse("198.51.100.128"), NoTrack = true };

    private static readonly RuleConfig VirtualRule = new()
    {
        Family = IpFamily.IPv4, From = IPAddress.Parse("198.51.100.0"), FromPrefix = 24, Table = 100, Preference = 100,
    };

    private static readonly RouteConfig Static =
        Virtual with { Destination = IPAddress.Parse("198.51.100.64"), Prefix = 26, Table = 200 };

    private static readonly RuleConfig StaticRule = VirtualRule with { Table = 200, Preference = 300 };

    private static EngineHarness Master()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "192.0.2.100/24") with
            {
                Routes = [Virtual, VirtualNoTrack],
                Rules = [VirtualRule]
            })
            with { StaticRoutes = [Static], StaticRules = [StaticRule] };
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Take();
        return h;
    }

    // As the kernel lists them: no device name yet (the driver fills it), IPv4 metric 0 left out.
    private static RouteConfig Listed(RouteConfig r) => r with { Dev = null, NoTrack = false };

    [Fact]
    public void Nothing_missing_changes_nothing()
    {
        var h = Master();
        h.Engine.RecheckRoutes(
            [Listed(Virtual), Listed(VirtualNoTrack), Listed(Static)],
            [VirtualRule, StaticRule],
            h.Now);
        var effects = h.Take();
        Assert.DoesNotContain(effects, e => e is InstallRoute or InstallRule or RemoveRoute or RemoveRule);
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(0, h.Engine.TrackedRouteDeletions);
    }

    [Fact]
    public void A_missing_tracked_virtual_route_makes_the_master_leave_once_and_a_missing_no_track_one_does_not()
    {
        var h = Master();
        h.Engine.RecheckRoutes([Listed(Virtual), Listed(Static)], [VirtualRule, StaticRule], h.Now);
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);

        h.Engine.RecheckRoutes([Listed(Static)], [StaticRule], h.Now);
        var effects = h.Take();
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Contains(effects, e => e is RemoveRoute { Instance: "VI_1" });
        Assert.Single(
            effects.OfType<LogLine>(),
            l => l.Message.Contains("was deleted while MASTER", StringComparison.Ordinal));
        Assert.Equal(1, h.Engine.TrackedRouteDeletions);
    }

    [Fact]
    public void A_missing_virtual_rule_alone_is_noticed_too()
    {
        var h = Master();
        h.Engine.RecheckRoutes([Listed(Virtual), Listed(VirtualNoTrack), Listed(Static)], [StaticRule], h.Now);
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Contains(
            h.Take().OfType<LogLine>(),
            l => l.Message.Contains("virtual rule from 198.51.100.0/24", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_static_entries_are_restored_and_the_master_stays()
    {
        var h = Master();
        h.Engine.RecheckRoutes([Listed(Virtual), Listed(VirtualNoTrack)], [VirtualRule], h.Now);
        var effects = h.Take();
        Assert.Equal(Static, Assert.Single(effects.OfType<InstallRoute>()).Route);
        Assert.Equal(StaticRule, Assert.Single(effects.OfType<InstallRule>()).Rule);
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(2, h.Engine.TrackedRouteDeletions);
    }
}
