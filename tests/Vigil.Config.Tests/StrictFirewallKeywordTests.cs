namespace Vigil.Config.Tests;

/// <summary>vrrp_strict, accept/no_accept and the nftables keywords, with keepalived 2.2.7's `-t` exit codes
/// (observed on this host: accept under strict with VRRPv2 and vrrp_iptables exit 5, the nftables keywords
/// 0).</summary>
public sealed class StrictFirewallKeywordTests
{
    private static ConfigResult Load(string global, string instance = "") =>
        Conf.Load(
            "global_defs {\n" +
            global +
            "\n}\nvrrp_instance VI_1 {\n" +
            Conf.MinimalInstance +
            "\n" +
            instance +
            "\n}\n");

    [Fact]
    public void Nftables_keywords_land_in_the_model_with_exit_0()
    {
        var r = Load("nftables vigil-test\nnftables_priority -7\nnftables_counters\nnftables_ifindex");
        var g = r.Model!.Global;
        Assert.Equal("vigil-test", g.NftTable);
        Assert.Equal(-7, g.NftPriority);
        Assert.True(g.NftCounters);
        Assert.True(g.NftIfindex);
        Assert.Empty(g.OtherKeywords);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Defaults_are_keepalived_table_at_priority_minus_one_and_a_bare_nftables_names_it_keepalived()
    {
        var none = Load("").Model!.Global;
        Assert.Equal(("keepalived", -1, false), (none.NftTable, none.NftPriority, none.NftCounters));
        Assert.Equal("keepalived", Load("nftables").Model!.Global.NftTable);
    }

    [Fact]
    public void A_table_name_nft_would_not_take_as_is_is_refused_and_the_default_kept()
    {
        var r = Load("nftables \"a;b\"");
        Assert.True(r.Has("nftables-name"));
        Assert.Equal("keepalived", r.Model!.Global.NftTable);
    }

    [Fact]
    public void Vrrp_iptables_is_reported_as_keepalived_does_without_iptables_support_and_nftables_is_used()
    {
        var r = Load("vrrp_iptables TESTIN TESTOUT", "no_accept");
        Assert.True(r.Has("iptables-unsupported"));
        Assert.Equal(5, r.ExitCode);
        Assert.Equal("keepalived", r.Model!.Global.NftTable);
    }

    [Fact]
    public void Vrrp_ipsets_is_reported_with_exit_5_as_keepalived_2_2_7_does()
    {
        var r = Load("vrrp_ipsets keepalived");
        Assert.True(r.Has("iptables-unsupported"));
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Strict_makes_a_non_owner_no_accept_and_an_owner_accept()
    {
        Assert.False(Load("vrrp_strict").Model!.Instances.Single().Accept);
        Assert.True(Load("vrrp_strict", "priority 255\nstate MASTER").Model!.Instances.Single().Accept);
        Assert.True(Load("").Model!.Instances.Single().Accept);
        Assert.False(Load("", "no_accept").Model!.Instances.Single().Accept);
    }

    [Fact]
    public void Accept_under_strict_with_v2_is_reset_with_exit_5_and_allowed_with_v3()
    {
        var v2 = Load("vrrp_strict", "accept");
        Assert.True(v2.Has("strict-accept"));
        Assert.Equal(5, v2.ExitCode);
        Assert.False(v2.Model!.Instances.Single().Accept);
        var v3 = Load("vrrp_strict", "accept\nversion 3");
        Assert.False(v3.Has("strict-accept"));
        Assert.True(v3.Model!.Instances.Single().Accept);
    }

    [Fact]
    public void Strict_refuses_authentication_with_exit_5()
    {
        foreach (var type in (string[])["PASS", "AH"])
        {
            var r = Load("vrrp_strict", $"authentication {{\nauth_type {type}\nauth_pass secret\n}}");
            Assert.True(r.Has("strict-auth"), type);
            Assert.Equal(5, r.ExitCode);
        }
    }

    [Fact]
    public void Strict_with_unicast_runs_as_keepalived_2_2_7_runs_it()
    {
        // 2.4.x refuses unicast peers in strict mode on a multicast interface; 2.2.7 (the reference) runs it.
        var r = Load("vrrp_strict", "unicast_peer {\n192.0.2.2\n}");
        Assert.Equal(0, r.ExitCode);
        Assert.True(r.Model!.Instances.Single().IsUnicast);
        Assert.Contains(r.Codes("keepalived-2.4"), d => d.Message.Contains("strict mode", StringComparison.Ordinal));
    }
}

/// <summary>The strict checks that need their own instance text, and garp_extra_if.</summary>
public sealed class StrictInstanceKeywordTests
{
    private static ConfigResult Load(string global, string body) =>
        Conf.Load(
            "global_defs {\n" +
            global +
            "\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\n" +
            body +
            "\n}\n");

    [Fact]
    public void Strict_wants_a_link_local_first_ipv6_vip_exit_5_as_keepalived_2_2_7()
    {
        var r = Load("vrrp_strict", "virtual_ipaddress {\n2001:db8::100/64\n}");
        Assert.True(r.Has("strict-ipv6-link-local"));
        Assert.Equal(5, r.ExitCode);
        Assert.False(
            Load(
                "vrrp_strict",
                "virtual_ipaddress {\nfe80::100/64\n2001:db8::100/64\n}").Has("strict-ipv6-link-local"));
        Assert.Equal(0, Load("", "virtual_ipaddress {\n2001:db8::100/64\n}").ExitCode);
    }

    [Fact]
    public void Garp_extra_if_takes_an_optional_all_and_seconds_globally_and_per_instance()
    {
        var r = Load("vrrp_garp_extra_if all 60", "virtual_ipaddress {\n192.0.2.100/24\n}\ngarp_extra_if 100");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal((60, true), (r.Model!.Global.GarpExtraIfSeconds, r.Model.Global.GarpExtraIfAll));
        var i = r.Model.Instances.Single();
        Assert.Equal((100, false), (i.GarpExtraIfSeconds, i.GarpExtraIfAll));
        Assert.Null(Load("", "virtual_ipaddress {\n192.0.2.100/24\n}").Model!.Instances.Single().GarpExtraIfSeconds);
        Assert.True(Load("", "virtual_ipaddress {\n192.0.2.100/24\n}\ngarp_extra_if all 86401").Has("out-of-range"));
    }
}
