using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Rule options beyond selectors and table: tos, realms, goto, nop, l3mdev, uidrange, ipproto, sport,
/// dport, suppress_prefixlength, suppress_ifgroup, tunnel-id, protocol, type. The exit codes are Debian's
/// keepalived 2.2.7 <c>-t</c> verdicts for the same line in an otherwise clean instance (interfaces eth0 and eth1
/// exist); keepalived 2.4.3's are the same for every line.</summary>
public sealed class RuleOptionsConfigTests
{
    private static ConfigResult With(string block, string line) => RouteConf.With(block, line);

    private static RuleConfig Rule(string line)
    {
        var result = With("virtual_rules", line);
        Assert.True(result.ExitCode == 0, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Model!.Instances.Single().Rules);
    }

    [Theory]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 tos 0x10", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 dsfield 16", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 tos 256", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 tos foo", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 realms 3/4", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 realms 4", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 realms 300", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 realms 3/300", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 realms 3/4 blackhole", 5)]
    [InlineData("from 2001:db8::/64 table 100 preference 100 realms 3", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 goto 200", 0)]
    [InlineData("from 192.0.2.0/24 goto 200", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 goto 50", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 goto 100", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 goto x", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 goto 200", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 nop", 0)]
    [InlineData("from 192.0.2.0/24 preference 100 type nop", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 uidrange 1000-2000", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 uidrange 1000", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 uidrange a-b", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto UDP", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto Udp", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto 17", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto 132", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto sctp", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto bogus", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ip_proto tcp", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp sport 1000-2000", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp sport 80", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp dport 80-80", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp dport x", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 ipproto tcp dport 70000-70001", 0)]
    [InlineData("from 192.0.2.0/24 preference 100 l3mdev", 0)]
    [InlineData("from 192.0.2.0/24 preference 100 l3mdev table 100", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 table 100 l3mdev", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 suppress_prefixlength 0", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 sup_pl 8", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 suppress_prefixlength x", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 suppress_prefixlength 0x10", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 suppress_ifgroup 5", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 sup_group 0x10", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 suppress_ifgroup foo", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 blackhole suppress_prefixlength 0", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 tunnel-id 5", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 protocol 12 no_track", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 protocol 12", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 protocol 18", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 protocol x no_track", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 type blackhole", 0)]
    [InlineData("from 192.0.2.0/24 preference 100 throw", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 type unicast", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 blackhole table 100", 5)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 inet6", 5)]
    [InlineData("from 192.0.2.0/24 preference 100 type 6", 0)]
    [InlineData("from 192.0.2.0/24 table 100 preference 100 realms 3 inet6", 5)]
    [InlineData(
        "from 192.0.2.0/24 table 100 preference 100 iif eth0 tos 8 fwmark 5/7 uidrange 1-2 ipproto udp sport 1-2 " +
        "dport 3-4",
        0)]
    public void Exit_codes_agree_with_keepalived_2_2_7(string line, int keepalived)
    {
        var result = With("virtual_rules", line);
        Assert.True(keepalived == result.ExitCode, $"{result.ExitCode}: " + string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_port_beyond_65535_is_read_as_keepalived_reads_it()
    {
        var r = Rule("from 192.0.2.0/24 table 100 preference 100 ipproto tcp dport 70000-70001");
        Assert.Equal(new RuleRange(4464, 4465), r.DestinationPorts);
    }

    [Fact]
    public void Every_option_is_kept_as_the_kernel_takes_it()
    {
        var r = Rule("from 192.0.2.0/24 table 100 preference 100 iif eth0 tos 8 fwmark 5/7 uidrange 1000-2000 "
            + "ipproto udp sport 1000-2000 dport 53-53 realms 3/4 suppress_prefixlength 0 suppress_ifgroup 0x10 "
            + "tunnel-id 9");
        Assert.Equal((byte)8, r.Tos);
        Assert.Equal(new RuleRange(1000, 2000), r.UidRange);
        Assert.Equal((byte?)17, r.IpProto);
        Assert.Equal(new RuleRange(1000, 2000), r.SourcePorts);
        Assert.Equal(new RuleRange(53, 53), r.DestinationPorts);
        Assert.Equal((uint?)0x30004, r.Realms);
        Assert.Equal((uint?)0, r.SuppressPrefixLength);
        Assert.Equal((uint?)16, r.SuppressIfGroup);
        Assert.Equal((ulong?)9, r.TunnelId);
        Assert.Equal(RouteProtocols.Keepalived, r.Protocol);
        Assert.Equal("from 192.0.2.0/24 tos 0x8 fwmark 0x5/0x7 iif eth0 uidrange 1000-2000 ipproto 17 "
            + "sport 1000-2000 dport 53-53 tunnel-id 9 table 100 realms 3/4 suppress_prefixlength 0 "
            + "suppress_ifgroup 16 preference 100",
            r.ToString());
    }

    [Fact]
    public void Goto_nop_and_l3mdev_are_actions()
    {
        var g = Rule("from 192.0.2.0/24 preference 100 goto 200");
        Assert.Equal((RuleAction.Goto, (uint?)200), (g.Action, g.GotoTarget));
        Assert.Equal(RuleAction.Nop, Rule("from 192.0.2.0/24 preference 100 type nop").Action);
        Assert.Equal(RuleAction.Blackhole, Rule("from 192.0.2.0/24 preference 100 type blackhole").Action);
        var l = Rule("from 192.0.2.0/24 preference 100 l3mdev");
        Assert.Equal((RuleAction.Table, true), (l.Action, l.L3mdev));
        Assert.Equal("from 192.0.2.0/24 l3mdev preference 100", l.ToString());
    }

    [Theory]
    [InlineData("ipproto tcp", 6)]
    [InlineData("ipproto UDP", 17)]
    [InlineData("ipproto icmp", 1)]
    [InlineData("ipproto ipv6-icmp", 58)]
    [InlineData("ipproto sctp", 132)]
    [InlineData("ipproto 47", 47)]
    public void Ipproto_takes_a_number_or_a_protocol_name(string option, int number)
    {
        Assert.Equal((byte?)number, Rule("from 192.0.2.0/24 table 100 preference 100 " + option).IpProto);
    }

    [Theory]
    [InlineData("ipproto 132")]
    [InlineData("ipproto bogus")]
    [InlineData("sport 80")]
    [InlineData("dport x")]
    public void A_bad_ipproto_or_port_range_is_reported_and_the_rule_kept_without_it(string option)
    {
        var result = With("virtual_rules", "from 192.0.2.0/24 table 100 preference 100 " + option);
        var r = Assert.Single(result.Model!.Instances.Single().Rules);
        Assert.Equal((null, null, null), (r.IpProto, r.SourcePorts, r.DestinationPorts));
        Assert.Single(result.Codes("rule-option-invalid"));
    }

    [Fact]
    public void A_tracked_rule_keeps_keepalived_s_protocol_and_a_no_track_one_its_own()
    {
        var tracked = With("virtual_rules", "from 192.0.2.0/24 table 100 preference 100 protocol 12");
        Assert.Equal(RouteProtocols.Keepalived, Assert.Single(tracked.Model!.Instances.Single().Rules).Protocol);
        Assert.Single(tracked.Codes("rule-protocol"));
        Assert.Equal((byte)12, Rule("from 192.0.2.0/24 table 100 preference 100 protocol 12 no_track").Protocol);
    }

    [Fact]
    public void Static_rules_take_the_same_options()
    {
        var result = Conf.Load(
            "static_rules {\n from 192.0.2.0/24 table 100 preference 100 ipproto tcp dport 22-22 uidrange 0-99\n}\n",
            RouteConf.Options);
        Assert.Equal(0, result.ExitCode);
        var r = Assert.Single(result.Model!.StaticRules);
        Assert.Equal(
            ((byte?)6, new RuleRange(22, 22), new RuleRange(0, 99)),
            (r.IpProto, r.DestinationPorts, r.UidRange));
    }
}
