using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Tests;

/// <summary>virtual_routes, virtual_rules and static_* parsed into the model, with keepalived 2.2.7's verdicts.
/// The exit codes are as observed with Debian's keepalived 2.2.7 (<c>keepalived -t</c> in a namespace whose
/// interface d0 exists, the same line in an otherwise clean instance).</summary>
public sealed class RouteConfigTests
{
    private static ConfigResult With(string block, string line) => RouteConf.With(block, line);

    [Theory]
    [InlineData("virtual_rules", "from 192.0.2.0/24 table 100", 5)]
    [InlineData("virtual_rules", "from 192.0.2.0/24 table 100 pref 100", 5)]
    [InlineData("virtual_rules", "from 192.0.2.0/24 table 100 priority 100", 0)]
    [InlineData("virtual_rules", "from 192.0.2.0/24 table 100 preference 100", 0)]
    [InlineData("virtual_rules", "from 192.0.2.0/24 table 100 order 100", 0)]
    [InlineData("virtual_rules", "fwmark 5/0xff table 100 preference 101 no_track", 0)]
    [InlineData("virtual_rules", "to 2001:db8::/64 table 100 preference 100", 0)]
    [InlineData("virtual_rules", "from all table 100 preference 100", 0)]
    [InlineData("virtual_rules", "iif eth0 table 100 preference 100", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5", 0)]
    [InlineData("virtual_routes", "src 192.0.2.1 to 198.51.100.0/24 gw 192.0.2.254", 5)]
    [InlineData("virtual_routes", "blackhole 198.51.100.0/25 table 100", 5)]
    [InlineData("virtual_routes", "unreachable 198.51.100.0/24 table 100", 5)]
    [InlineData("virtual_routes", "prohibit 2001:db8:5::/64 table 100", 5)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 proto static", 5)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 scope link onlink", 0)]
    [InlineData("virtual_routes", "2001:db8:1::/64 via 2001:db8::1 dev eth0 table 100", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 mtu 1400", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 bogus", 5)]
    [InlineData("virtual_routes", "198.51.100.0/33 dev eth0", 5)]
    [InlineData("virtual_routes", "via 192.0.2.254", 5)]
    [InlineData("virtual_routes", "default via 192.0.2.254 table 100", 5)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 priority 7", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 preference 7", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 protocol 99 no_track", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 table main", 0)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev eth0 table foo", 5)]
    [InlineData("virtual_routes", "198.51.100.0/24 dev nonexist", 4)]
    public void Exit_codes_agree_with_keepalived_2_2_7(string block, string line, int keepalived)
    {
        var result = With(block, line);
        Assert.True(keepalived == result.ExitCode, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_route_line_becomes_its_fields()
    {
        var i = With(
            "virtual_routes",
            "src 192.0.2.1 to 198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 scope link onlink")
            .Model!.Instances.Single();
        var r = Assert.Single(i.Routes);
        Assert.Equal(
            (IpFamily.IPv4, RouteType.Unicast, "198.51.100.0", 24),
            (r.Family, r.Type, r.Destination.ToString(), r.Prefix));
        Assert.Equal(
            (IPAddress.Parse("192.0.2.1"), IPAddress.Parse("192.0.2.254"), "eth0"),
            (r.PreferredSource, r.Gateway, r.Dev));
        Assert.Equal(
            (100u, (uint?)5, (byte?)RouteProtocols.ScopeLink, true, false),
            (r.Table, r.Metric, r.Scope, r.OnLink, r.NoTrack));
        Assert.Equal(RouteProtocols.Keepalived, r.Protocol);
        Assert.Equal("eth0", r.TrackedInterface);
    }

    [Fact]
    public void Typed_ipv6_and_untracked_routes()
    {
        var m = Conf.Model("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_routes {\n"
            + "  blackhole 198.51.100.128/25 table 100 no_track\n  2001:db8:1::/64 via 2001:db8::1 dev eth0 table 100\n"
            + "  default via 2001:db8::1 dev eth0 inet6\n  198.51.100.0/24 dev eth0 protocol 99 no_track\n }\n}\n");
        var r = m.Instances.Single().Routes;
        Assert.Equal(4, r.Count);
        Assert.Equal((RouteType.Blackhole, true, (string?)null), (r[0].Type, r[0].NoTrack, r[0].TrackedInterface));
        Assert.Equal((IpFamily.IPv6, 64), (r[1].Family, r[1].Prefix));
        Assert.Equal((IpFamily.IPv6, 0, IPAddress.IPv6Any), (r[2].Family, r[2].Prefix, r[2].Destination));
        Assert.Equal((byte)99, r[3].Protocol);
    }

    [Fact]
    public void A_rule_line_becomes_its_fields_and_one_without_preference_gets_keepalived_s()
    {
        var m = Conf.Model("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_rules {\n"
            + "  from 198.51.100.0/24 to 192.0.2.0/25 fwmark 0x10/0xf0 iif eth0 table 100 priority 90\n"
            + "  to 2001:db8::/48 lookup main preference 91 no_track\n  from 192.0.2.0/24 prohibit order 92\n"
            + "  from 192.0.2.0/24 table 7\n }\n}\n");
        var r = m.Instances.Single().Rules;
        Assert.Equal(4, r.Count);
        Assert.Equal(
            ("198.51.100.0", 24, "192.0.2.0", 25),
            (r[0].From!.ToString(), r[0].FromPrefix, r[0].To!.ToString(), r[0].ToPrefix));
        Assert.Equal(
            ((uint?)0x10, (uint?)0xf0, "eth0", 100u, 90u),
            (r[0].Fwmark, r[0].FwmarkMask, r[0].InInterface, r[0].Table, r[0].Preference));
        Assert.Equal((IpFamily.IPv6, 254u, true), (r[1].Family, r[1].Table, r[1].NoTrack));
        Assert.Equal(RuleAction.Prohibit, r[2].Action);
        Assert.Equal(RuleConfig.DefaultPreference, r[3].Preference);
    }

    [Fact]
    public void Static_sections_are_read_not_skipped()
    {
        var result = Conf.Load("static_ipaddress {\n 192.0.2.200/32 dev eth0\n}\n"
            + "static_routes {\n 198.51.100.0/24 via 192.0.2.1 dev eth0\n}\n"
            + "static_rules {\n from 198.51.100.0/24 table 100 preference 50\n}\n"
            + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n"
            + " virtual_ipaddress {\n  192.0.2.1/32\n }\n}\n",
            RouteConf.Options);
        Assert.True(result.ExitCode == 0, string.Join("\n", result.Diagnostics));
        var m = result.Model!;
        Assert.Equal("192.0.2.200/32", Assert.Single(m.StaticAddresses).ToString());
        Assert.Equal("198.51.100.0/24 via 192.0.2.1 dev eth0", Assert.Single(m.StaticRoutes).ToString());
        Assert.Equal("from 198.51.100.0/24 table 100 preference 50", Assert.Single(m.StaticRules).ToString());
        Assert.DoesNotContain(
            m.IgnoredSections,
            s => s.Keyword.StartsWith("static_", StringComparison.Ordinal) && s.Keyword != "static_track_group");
    }

    [Fact]
    public void A_static_address_on_a_missing_interface_stops_the_daemon_as_keepalived_s_does()
    {
        var result = Conf.Load(
            "static_ipaddress {\n 192.0.2.200/32 dev eth7\n}\nvrrp_instance VI_1 {\n interface eth0\n" +
            " virtual_router_id 5\n}\n",
            RouteConf.Options);
        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public void Equal_lines_make_equal_routes_wherever_they_are_written()
    {
        var a = Conf.Model(
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_routes {\n" +
            "  198.51.100.0/24 dev eth0\n }\n}\n");
        var b = Conf.Model(
            "\n\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n\n virtual_routes {\n" +
            "  198.51.100.0/24   dev eth0\n }\n}\n");
        Assert.Equal(a.Instances[0].Routes[0], b.Instances[0].Routes[0]);
    }
}
