using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>The re-listing done after a netlink overflow: the kernel's routes and rules of protocol keepalived, in
/// every table and both families, read back into the fields a deletion is matched on; others' are left out.</summary>
public sealed class RouteListingTests
{
    [Fact]
    public void Lists_only_keepalived_s_routes_and_rules_with_their_keys()
    {
        using var lab = new TestLab(1);
        lab.Ip(
            1, "route", "add", "198.51.100.0/25", "via", "192.0.2.254", "dev", "eth0", "table", "100", "metric", "5",
            "proto", "keepalived");
        lab.Ip(1, "route", "add", "198.51.100.128/25", "table", "100", "proto", "keepalived",
            "nexthop", "via", "192.0.2.1", "dev", "eth0", "nexthop", "via", "192.0.2.2", "dev", "eth0", "weight", "2");
        lab.Ip(
            1, "route", "add", "198.51.100.64/26", "tos", "0x10", "via", "192.0.2.1", "dev", "eth0", "table", "101",
            "proto", "keepalived");
        lab.Ip(
            1, "-6", "route", "add", "2001:db8:100::/64", "via", "2001:db8::1", "dev", "eth0", "table", "100",
            "proto", "keepalived");
        lab.Ip(
            1, "route", "add", "198.51.100.0/24", "via", "192.0.2.254", "dev", "eth0", "table", "100", "proto",
            "static");
        lab.Ip(1, "rule", "add", "from", "198.51.100.0/24", "table", "100", "pref", "100", "proto", "keepalived");
        lab.Ip(1, "rule", "add", "from", "198.51.100.128/25", "table", "100", "pref", "101", "proto", "static");
        using var nl = lab.Own(NetNs.Run(lab.Host(1), () => new RtNetlink()));
        var eth0 = nl.FindLink("eth0")!.Index;

        var routes = nl.ListKeepalivedRoutes();
        Assert.Equal(4, routes.Count);
        var first = Assert.Single(routes, r => r.Route.Destination.Equals(IPAddress.Parse("198.51.100.0")));
        Assert.Equal(
            (25, 100u, (uint?)5, IPAddress.Parse("192.0.2.254"), eth0),
            (first.Route.Prefix, first.Route.Table, first.Route.Metric, first.Route.Gateway, first.IfIndex));
        var multipath = Assert.Single(routes, r => r.Route.Destination.Equals(IPAddress.Parse("198.51.100.128")));
        Assert.Equal((0, 100u), (multipath.IfIndex, multipath.Route.Table));
        Assert.Equal((byte?)0x10, Assert.Single(routes, r => r.Route.Table == 101).Route.Tos);
        var v6 = Assert.Single(routes, r => r.Route.Family == IpFamily.IPv6);
        Assert.Equal(((uint?)1024, eth0), (v6.Route.Metric, v6.IfIndex));

        var rule = Assert.Single(nl.ListKeepalivedRules());
        Assert.Equal(
            (IPAddress.Parse("198.51.100.0"), 24, 100u, 100u, RuleAction.Table),
            (rule.From, rule.FromPrefix, rule.Table, rule.Preference, rule.Action));
    }
}
