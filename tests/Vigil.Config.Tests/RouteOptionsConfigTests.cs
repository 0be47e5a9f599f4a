using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Tests;

/// <summary>Route options beyond destination and gateway: nexthops (multipath), metrics with <c>lock</c>, tos, realms,
/// pref, expires, add/append/prepend, and the options Vigil does not set. The exit codes are Debian's keepalived
/// 2.2.7 <c>-t</c> verdicts for the same line in an otherwise clean instance (interfaces eth0 and eth1
/// exist).</summary>
public sealed class RouteOptionsConfigTests
{
    private static ConfigResult With(string block, string line) => RouteConf.With(block, line);

    private static RouteConfig Route(string line)
    {
        var result = With("virtual_routes", line);
        return Assert.Single(result.Model!.Instances.Single().Routes);
    }

    [Theory]
    [InlineData(
        "198.51.100.0/24 table 100 nexthop via 192.0.2.1 dev eth0 weight 1 nexthop via 198.51.100.1 dev eth1 weight 2",
        5)]
    [InlineData(
        "198.51.100.0/24 dev eth0 table 100 nexthop via 192.0.2.1 dev eth0 weight 1 nexthop via 198.51.100.1 dev " +
        "eth1 weight 2",
        0)]
    [InlineData(
        "198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 weight 1 nexthop via 198.51.100.1 dev " +
        "eth1 weight 2",
        0)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 weight 0", 5)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 weight 257", 5)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 weight 256", 0)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 onlink realms 3", 0)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 2001:db8::1 dev eth0", 5)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 bogus", 5)]
    [InlineData("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev nonexist", 4)]
    [InlineData("198.51.100.0/24 dev eth0 mtu 1400", 0)]
    [InlineData("198.51.100.0/24 dev eth0 mtu lock 1400", 0)]
    [InlineData("198.51.100.0/24 dev eth0 mtu x", 5)]
    [InlineData("198.51.100.0/24 dev eth0 rtt 10", 0)]
    [InlineData("198.51.100.0/24 dev eth0 rtt 300ms", 0)]
    [InlineData("198.51.100.0/24 dev eth0 rtt 1.5s", 0)]
    [InlineData("198.51.100.0/24 dev eth0 rto_min 10", 0)]
    [InlineData("198.51.100.0/24 dev eth0 hoplimit 300", 5)]
    [InlineData("198.51.100.0/24 dev eth0 features foo", 5)]
    [InlineData("198.51.100.0/24 dev eth0 quickack 2", 5)]
    [InlineData("198.51.100.0/24 dev eth0 congctl lock cubic", 0)]
    [InlineData("198.51.100.0/24 dev eth0 pref high", 5)]
    [InlineData("2001:db8:1::/64 dev eth0 pref high", 0)]
    [InlineData("2001:db8:1::/64 dev eth0 pref 7", 0)]
    [InlineData("2001:db8:1::/64 dev eth0 expires 100", 0)]
    [InlineData("198.51.100.0/24 dev eth0 expires 100", 5)]
    [InlineData("198.51.100.0/24 dev eth0 tos 0x10", 0)]
    [InlineData("198.51.100.0/24 dev eth0 dsfield 16", 0)]
    [InlineData("198.51.100.0/24 dev eth0 tos foo", 5)]
    [InlineData("198.51.100.0/24 dev eth0 realms 3/4", 0)]
    [InlineData("198.51.100.0/24 dev eth0 realms 3", 0)]
    [InlineData("2001:db8:1::/64 dev eth0 realms 3", 5)]
    [InlineData("198.51.100.0/24 dev eth0 add", 0)]
    [InlineData("198.51.100.0/24 dev eth0 append", 0)]
    [InlineData("198.51.100.0/24 dev eth0 prepend", 0)]
    [InlineData("198.51.100.0/24 dev eth0 encap ip id 5 dst 192.0.2.5", 0)]
    [InlineData("198.51.100.0/24 dev eth0 ttl-propagate enabled", 0)]
    [InlineData("198.51.100.0/24 via 192.0.2.1 or 192.0.2.2 dev eth0", 5)]
    [InlineData("198.51.100.0/24 dev eth0 fastopen_no_cookie 1", 0)]
    [InlineData(
        "198.51.100.0/24 dev eth0 window 100 cwnd lock 5 initcwnd 3 initrwnd 4 ssthresh 7 reordering lock 3 " +
        "advmss 1300",
        0)]
    [InlineData("198.51.100.0/24 dev eth0 from 192.0.2.0/24", 5)]
    [InlineData("2001:db8:400::/64 from 2001:db8:500::/64 via 2001:db8::1 dev eth0 table 104", 0)]
    [InlineData("2001:db8:400::/64 from 192.0.2.0/24 via 2001:db8::1 dev eth0 table 104", 5)]
    [InlineData("198.51.100.0/24 dev eth0 pervasive", 5)]
    [InlineData("198.51.100.0/24 dev eth0 track_group G", 5)]
    public void Exit_codes_agree_with_keepalived_2_2_7(string line, int keepalived)
    {
        var result = With("virtual_routes", line);
        Assert.True(keepalived == result.ExitCode, $"{result.ExitCode}: " + string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Nexthops_become_the_paths_of_one_route()
    {
        var r = Route("198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 weight 1 "
            + "nexthop via 198.51.100.1 dev eth1 weight 256 onlink realms 2/3");
        Assert.Null(r.Gateway);
        var n = Assert.IsType<RouteNexthops>(r.Nexthops);
        Assert.Equal(2, n.Count);
        Assert.Equal(
            (IPAddress.Parse("192.0.2.1"), "eth0", 1, false, (uint?)null),
            (n[0].Gateway, n[0].Dev, n[0].Weight, n[0].OnLink, n[0].Realms));
        Assert.Equal(
            (IPAddress.Parse("198.51.100.1"), "eth1", 256, true, (uint?)0x20003),
            (n[1].Gateway, n[1].Dev, n[1].Weight, n[1].OnLink, n[1].Realms));
        Assert.Equal(
            "198.51.100.0/24 table 100 nexthop via 192.0.2.1 dev eth0 weight 1 nexthop via 198.51.100.1 dev eth1 " +
            "weight 256 onlink realms 2/3 no_track",
            r.ToString());
    }

    [Fact]
    public void Ipv6_nexthops_and_a_default_route_take_the_family_of_their_gateways()
    {
        var r = Route(
            "default table 100 no_track nexthop via 2001:db8::1 dev eth0 nexthop via 2001:db8::2 dev eth1 weight 3");
        Assert.Equal((IpFamily.IPv6, IPAddress.IPv6Any, 0), (r.Family, r.Destination, r.Prefix));
        Assert.Equal([1, 3], r.Nexthops!.Select(n => n.Weight));
    }

    [Fact]
    public void A_bad_nexthop_is_dropped_with_those_after_it_and_the_route_kept()
    {
        var result = With(
            "virtual_routes",
            "198.51.100.0/24 table 100 no_track nexthop via 192.0.2.1 dev eth0 nexthop via 192.0.2.2 weight 0 " +
            "nexthop via 192.0.2.3");
        var r = Assert.Single(result.Model!.Instances.Single().Routes);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), Assert.Single(r.Nexthops!).Gateway);
        var d = Assert.Single(result.Codes("route-nexthop"));
        Assert.Contains("weight 0", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Or_is_two_nexthops_as_in_keepalived()
    {
        var r = Route("198.51.100.0/24 via 192.0.2.1 or 192.0.2.2 dev eth0");
        Assert.Null(r.Gateway);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], r.Nexthops!.Select(n => n.Gateway!.ToString()));
        Assert.Equal("eth0", r.Dev);
    }

    [Fact]
    public void Metrics_are_kept_in_the_kernel_s_units_with_their_locks()
    {
        var r = Route("198.51.100.0/24 dev eth0 mtu lock 1400 advmss 1360 rtt 300ms rttvar 1s rto_min lock 250ms "
            + "window 1000 cwnd 10 initcwnd 11 initrwnd 12 ssthresh lock 30 hoplimit 64 reordering 3 quickack 1 "
            + "fastopen_no_cookie 1 features ecn congctl lock cubic");
        var m = r.Metrics!;
        Assert.Equal(1400u, m.Values[RouteMetrics.Mtu]);
        Assert.Equal(300u * 8, m.Values[RouteMetrics.RttIndex]);
        Assert.Equal(1000u * 4, m.Values[RouteMetrics.RttVarIndex]);
        Assert.Equal(250u, m.Values[RouteMetrics.RtoMinIndex]);
        Assert.Equal(64u, m.Values[RouteMetrics.Hoplimit]);
        Assert.Equal((true, "cubic"), (m.Ecn, m.CongestionControl));
        var locked = (1u << RouteMetrics.Mtu)
            | (1u << RouteMetrics.RtoMinIndex)
            | (1u << RouteMetrics.Ssthresh)
            | (1u << RouteMetrics.CcAlgo);
        Assert.Equal(locked, m.Lock);
        Assert.Contains("mtu lock 1400", r.ToString(), StringComparison.Ordinal);
        Assert.Contains("rtt 300ms", r.ToString(), StringComparison.Ordinal);
        Assert.Contains("congctl lock cubic", r.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtt 10", 4, 200u * 8)]
    [InlineData("rtt 2000", 4, 2000u)]
    [InlineData("rtt 1.5s", 4, 1500u * 8)]
    [InlineData("rttvar 500s", 5, 120_000u * 4)]
    [InlineData("rto_min 10", 13, 200u)]
    public void Times_out_of_keepalived_s_bounds_are_reset_to_them(string option, int index, uint expected)
    {
        var r = Route("198.51.100.0/24 dev eth0 " + option);
        Assert.Equal(expected, r.Metrics!.Values[index]);
    }

    [Fact]
    public void Tos_realms_pref_expires_and_the_add_mode_are_read()
    {
        var v4 = Route("198.51.100.0/24 dev eth0 tos 0x10 realms 3/4 append");
        Assert.Equal(((byte?)0x10, (uint?)0x30004, RouteAddMode.Append), (v4.Tos, v4.Realms, v4.AddMode));
        var v6 = Route("2001:db8:1::/64 dev eth0 pref high expires 100 add");
        Assert.Equal(((byte?)1, (uint?)100, RouteAddMode.Add), (v6.Pref, v6.Expires, v6.AddMode));
        Assert.Equal(RouteAddMode.Prepend, Route("198.51.100.0/24 dev eth0 append prepend").AddMode);
        var from = Route("2001:db8:400::/64 from 2001:db8:500::/64 via 2001:db8::1 dev eth0");
        Assert.Equal((IPAddress.Parse("2001:db8:500::"), 64), (from.SourcePrefix, from.SourcePrefixLength));
        Assert.Equal("2001:db8:400::/64 from 2001:db8:500::/64 via 2001:db8::1 dev eth0", from.ToString());
    }

    [Theory]
    [InlineData("198.51.100.0/24 dev eth0 encap ip id 5 dst 192.0.2.5 mtu 1400", "encap", 28)]
    [InlineData("198.51.100.0/24 dev eth0 ttl-propagate enabled mtu 1400", "ttl-propagate", 28)]
    [InlineData("198.51.100.0/24 dev eth0 vrf blue mtu 1400", "vrf", 28)]
    public void Unsupported_options_are_warned_at_their_column_and_the_rest_of_the_line_is_read(
        string line,
        string option,
        int column)
    {
        var result = With("virtual_routes", line);
        var d = Assert.Single(result.Codes("route-option"));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal((Conf.MainPath, 9, column), (d.File, d.Line, d.Column));
        Assert.Contains(option, d.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", d.Message, StringComparison.Ordinal);
        Assert.Equal(1400u, Assert.Single(result.Model!.Instances.Single().Routes).Metrics!.Values[RouteMetrics.Mtu]);
    }

    [Fact]
    public void Routes_with_equal_options_are_equal_and_one_changed_option_makes_them_differ()
    {
        const string line = "198.51.100.0/24 dev eth0 mtu 1400 nexthop via 192.0.2.1 dev eth0 nexthop via " +
            "198.51.100.1 dev eth1";
        Assert.Equal(Route(line), Route(line));
        Assert.Equal(Route(line).GetHashCode(), Route(line).GetHashCode());
        Assert.NotEqual(Route(line), Route(line.Replace("mtu 1400", "mtu 1300", StringComparison.Ordinal)));
        Assert.NotEqual(Route(line), Route(line + " weight 2"));
    }

    [Fact]
    public void Static_routes_accept_track_group_where_virtual_routes_do_not()
    {
        var result = Conf.Load("static_routes {\n 198.51.100.0/24 via 192.0.2.1 dev eth0 track_group G\n}\n"
            + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n"
            + " virtual_ipaddress {\n  192.0.2.1/32\n }\n}\n",
            RouteConf.Options);
        Assert.Single(result.Model!.StaticRoutes);
        Assert.Empty(With("virtual_routes", "198.51.100.0/24 dev eth0 track_group G").Model!.Instances.Single().Routes);
    }
}
