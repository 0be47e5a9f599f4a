using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Tests;

/// <summary>keepalived 2.2.7's rules that the corpus did not teach, one rule per test, each as observed with
/// `keepalived -t` and its daemon's --dump-conf (the same files are in Fixtures/cases with keepalived's
/// verdicts).</summary>
public sealed class FidelityRuleTests
{
    private sealed class Host(params string[] users) : IHostEnvironment
    {
        public bool InterfaceExists(string name) => name is "eth0" or "eth1" or "lo";
        public bool UserExists(string name) => users.Contains(name);
        public bool GroupExists(string name) => true;
        public ScriptFileStatus CheckScript(string command, string? user) => ScriptFileStatus.Ok;
    }

    private const string Secure = "global_defs {\n enable_script_security\n script_user root\n}\n";

    private static string Inst(string body, string name = "VI_1", int vrid = 1) =>
        $"vrrp_instance {name} {{\n interface eth0\n virtual_router_id {vrid}\n{body}\n}}\n";

    private static ConfigResult Online(string text) => Conf.Load(text, new ConfigOptions { Host = new Host("root") });

    [Fact]
    public void Vip_dev_resolves_to_the_instance_interface_and_keeps_the_written_one()
    {
        var i = Conf.Instance(
            "interface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n 192.0.2.1\n 192.0.2.2 dev eth1\n}\n" +
            "virtual_ipaddress_excluded {\n 192.0.2.3\n}");
        Assert.Equal(("eth0", (string?)null), (i.VirtualIpAddresses[0].ResolvedDev, i.VirtualIpAddresses[0].Dev));
        Assert.Equal(("eth1", "eth1"), (i.VirtualIpAddresses[1].ResolvedDev, i.VirtualIpAddresses[1].Dev));
        Assert.Equal("eth0", i.VirtualIpAddressesExcluded[0].ResolvedDev);
    }

    [Theory]
    [InlineData("use_vmac", "vrrp.7")]
    [InlineData("use_vmac vm3", "vm3")]
    public void Vip_dev_resolves_to_the_vmac_interface_with_use_vmac(string vmac, string expected)
    {
        var i = Conf.Instance(
            $"interface eth0\nvirtual_router_id 7\n{vmac}\nvirtual_ipaddress {{\n 192.0.2.1\n 192.0.2.2 dev eth1\n}}");
        Assert.Equal(expected, i.VirtualIpAddresses[0].ResolvedDev);
        Assert.Equal("eth1", i.VirtualIpAddresses[1].ResolvedDev);
        // Dev stays as written; the engine puts the VIP on ResolvedDev (the VMAC Vigil creates).
        Assert.Null(i.VirtualIpAddresses[0].Dev);
    }

    [Fact]
    public void With_use_vmac_an_excluded_vip_of_the_other_family_stays_on_the_instance_interface()
    {
        // keepalived 2.2.7's dump: "198.51.100.2 dev vrrp.191@eth0", "2001:db8::5 dev eth0", "198.51.100.3 dev
        // vrrp.191@eth0".
        var i = Conf.Instance("interface eth0\nvirtual_router_id 191\nuse_vmac\nvirtual_ipaddress {\n 198.51.100.1\n}\n"
            + "virtual_ipaddress_excluded {\n 198.51.100.2\n 2001:db8::5\n 198.51.100.3 dev eth0\n}");
        Assert.Equal(["vrrp.191", "eth0", "vrrp.191"], i.VirtualIpAddressesExcluded.Select(v => v.ResolvedDev));
    }

    [Theory]
    [InlineData("AH")]
    [InlineData("PASS")]
    public void Authentication_without_a_password_is_ignored_and_worked_around(string type)
    {
        // keepalived 2.2.7: "(VI_1) Authentication specified but no password given. Ignoring", type none, exit 5.
        var r = Conf.Load(
            Secure +
            Inst($"priority 100\nvirtual_ipaddress {{ 192.0.2.1 }}\nauthentication {{\n auth_type {type}\n}}"));
        Assert.Equal(AuthType.None, r.Model!.Instances[0].AuthType);
        Assert.Equal(DiagnosticClass.Error, Assert.Single(r.Codes("auth-pass-missing")).Class);
    }

    [Fact]
    public void Nopreempt_cleared_by_state_master_counts_as_worked_around()
    {
        var r = Conf.Load(Secure + Inst("state MASTER\npriority 100\nnopreempt\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.True(r.Model!.Instances[0].Preempt);
        Assert.Equal(DiagnosticClass.Error, Assert.Single(r.Codes("nopreempt-cleared")).Class);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Track_interface_equal_to_own_interface_is_dropped()
    {
        var r = Conf.Load(
            Secure + Inst("track_interface {\n eth0\n eth1 weight -5\n}\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal(["eth1"], r.Model!.Instances[0].TrackInterfaces.Select(t => t.Name));
        Assert.Single(r.Codes("track-own-interface"));
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Unknown_keywords_inside_lvs_sections_count_and_known_ones_do_not()
    {
        const string Lvs = "virtual_server 192.0.2.5 80 {\n lb_algo rr\n protocol TCP\n@A\n" +
            " real_server 192.0.2.6 80 {\n  weight 1\n  TCP_CHECK {\n   connect_timeout 3\n@B\n  }\n }\n}\n";
        var clean = Conf.Load(
            Secure +
            Lvs.Replace("@A", string.Empty, StringComparison.Ordinal).Replace(
                "@B",
                "   retry 2",
                StringComparison.Ordinal) +
            Inst("virtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal(0, clean.ExitCode);
        var bad = Conf.Load(
            Secure +
            Lvs.Replace("@A", " nat_mask 255.255.255.0", StringComparison.Ordinal).Replace(
                "@B",
                "   nb_get_retry 3",
                StringComparison.Ordinal) +
            Inst("virtual_ipaddress { 192.0.2.1 }"));
        // Observed: nb_get_retry is unknown in TCP_CHECK (and only deprecated in HTTP_GET/SSL_GET,
        // Fixtures/cases/lvsdeprecated.conf).
        Assert.Equal(["'nat_mask' in virtual_server", "'nb_get_retry' in TCP_CHECK"],
            bad.Codes("unknown-keyword").Select(
                d => d.Message[(d.Message.IndexOf(
                    '\'',
                    StringComparison.Ordinal))..(d.Message.IndexOf(" (", StringComparison.Ordinal))]));
        Assert.Equal(5, bad.ExitCode);
    }

    [Fact]
    public void Rule_without_preference_counts_as_worked_around()
    {
        Assert.Equal(
            5,
            Conf.Load(
                Secure +
                Inst("virtual_rules {\n from 192.0.2.1 table 5\n}\nvirtual_ipaddress { 192.0.2.1 }")).ExitCode);
        Assert.Equal(
            0,
            Conf.Load(
                Secure +
                Inst(
                    "virtual_rules {\n from 192.0.2.1 table 5 preference 100\n}\n" +
                    "virtual_ipaddress { 192.0.2.1 }")).ExitCode);
    }

    [Fact]
    public void Unicast_with_use_vmac_needs_vmac_xmit_base()
    {
        const string Body = "use_vmac\nunicast_peer {\n 192.0.2.9\n}\nvirtual_ipaddress { 192.0.2.1 }";
        Assert.True(Conf.Load(Secure + Inst(Body)).Has("vmac-unicast"));
        Assert.Equal(5, Conf.Load(Secure + Inst(Body)).ExitCode);
        Assert.False(Conf.Load(Secure + Inst(Body + "\nvmac_xmit_base")).Has("vmac-unicast"));
        // keepalived then sends from the base interface as with vmac_xmit_base.
        Assert.True(Conf.Load(Secure + Inst(Body)).Model!.Instances[0].VmacXmitBase);
    }

    [Fact]
    public void Missing_vrid_missing_interface_and_missing_parameter_cannot_run()
    {
        Assert.Equal(
            4,
            Conf.Load(
                Secure + "vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress { 192.0.2.1 }\n}\n").ExitCode);
        Assert.Equal(
            4,
            Conf.Load(
                Secure +
                "vrrp_instance VI_1 {\n unicast_src_ip 192.0.2.7\n unicast_peer {\n 192.0.2.9\n }\n" +
                " virtual_router_id 1\n virtual_ipaddress { 192.0.2.1 }\n}\n").ExitCode);
        Assert.Equal(4, Conf.Load(Secure + Inst("priority\nvirtual_ipaddress { 192.0.2.1 }")).ExitCode);
        Assert.Equal(
            4,
            Online(
                Secure +
                Inst("virtual_ipaddress { 192.0.2.1 }").Replace("eth0", "eth9", StringComparison.Ordinal)).ExitCode);
        // A script-security violation does not rescue a file the daemon refuses.
        Assert.Equal(
            4,
            Conf.Load(
                "vrrp_script c {\n script /bin/true\n}\nvrrp_instance VI_1 {\n interface eth0\n" +
                " virtual_ipaddress { 192.0.2.1 }\n}\n").ExitCode);
    }

    [Fact]
    public void Legacy_sync_group_syntax_forms_no_group_and_says_why()
    {
        var r = Conf.Load(
            Secure +
            "vrrp_sync_group G {\n VI_1 VI_2\n}\n" +
            Inst("virtual_ipaddress { 192.0.2.1 }") +
            Inst("virtual_ipaddress { 192.0.2.2 }", "VI_2", 2));
        Assert.Empty(r.Model!.SyncGroups);
        Assert.Contains(
            "write 'group { VI_1 VI_2 }'",
            Assert.Single(r.Codes("legacy-sync-group")).Message,
            StringComparison.Ordinal);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Script_whose_user_cannot_be_set_is_removed_and_its_tracker_not_found()
    {
        var text = "global_defs {\n enable_script_security\n}\nvrrp_script chk {\n script /bin/true\n}\n" +
            Inst("track_script {\n chk\n}\nvirtual_ipaddress { 192.0.2.1 }");
        var online = Online(text);
        Assert.Empty(online.Model!.Scripts);
        Assert.Empty(online.Model.Instances[0].TrackScripts);
        Assert.Equal(
            ["script-user", "unknown-script"],
            online.Diagnostics.Where(d => d.Code is "script-user" or "unknown-script").Select(d => d.Code));
        Assert.Equal(5, online.ExitCode);
        // With keepalived_script present the default user works; a named user that does not exist is removed too.
        Assert.Single(
            Conf.Load(text, new ConfigOptions { Host = new Host("root", "keepalived_script") }).Model!.Scripts);
        Assert.Empty(
            Online(
                Secure +
                "vrrp_script chk {\n script /bin/true\n user ghost\n}\n" +
                Inst("track_script {\n chk\n}\nvirtual_ipaddress { 192.0.2.1 }")).Model!.Scripts);
        // Offline nothing is known about users: the script stays.
        Assert.Single(Conf.Load(text).Model!.Scripts);
    }

    [Fact]
    public void Untracked_script_still_counts_for_script_security()
    {
        var r = Conf.Load("vrrp_script chk {\n script /bin/true\n}\n" + Inst("virtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal(6, r.ExitCode);
    }

    [Fact]
    public void State_master_is_backup_in_a_sync_group_and_in_strict_mode_unless_owner()
    {
        var grouped = Conf.Load(Secure + Inst("state MASTER\npriority 137\nvirtual_ipaddress { 192.0.2.1 }")
            + Inst("state MASTER\npriority 255\nvirtual_ipaddress { 192.0.2.2 }", "VI_2", 2)
            + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n}\n");
        Assert.Equal(
            [Vigil.Core.Primitives.VrrpState.Backup, Vigil.Core.Primitives.VrrpState.Backup],
            grouped.Model!.Instances.Select(i => i.ConfiguredState));
        Assert.Equal(0, grouped.ExitCode);
        var owners = Conf.Load(Secure + Inst("state MASTER\npriority 255\nvirtual_ipaddress { 192.0.2.1 }")
            + Inst("state MASTER\nvirtual_ipaddress { 192.0.2.2 }", "VI_2", 2)
            + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n}\n");
        Assert.All(
            owners.Model!.Instances,
            i => Assert.Equal(Vigil.Core.Primitives.VrrpState.Master, i.ConfiguredState));
        var alone = Conf.Load(Secure + Inst("state MASTER\npriority 137\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal(Vigil.Core.Primitives.VrrpState.Master, alone.Model!.Instances[0].ConfiguredState);
        var strict = Conf.Load(
            Secure.Replace("}", " vrrp_strict\n}", StringComparison.Ordinal) +
            Inst("state MASTER\npriority 137\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal(Vigil.Core.Primitives.VrrpState.Backup, strict.Model!.Instances[0].ConfiguredState);
        Assert.Equal(5, strict.ExitCode);
    }

    [Fact]
    public void Interfaces_of_ignored_entries_are_still_checked()
    {
        // An IPv6 VIP in an IPv4 instance and an owner's weighted track_interface are ignored, but keepalived
        // still refuses to start when their interface does not exist.
        Assert.Equal(4, Online(Secure + Inst("virtual_ipaddress {\n 192.0.2.1\n 2001:db8::1 dev eth9\n}")).ExitCode);
        Assert.Equal(
            4,
            Online(
                Secure +
                Inst(
                    "priority 255\ntrack_interface {\n eth9 weight -10\n}\nvirtual_ipaddress { 192.0.2.1 }")).ExitCode);
        Assert.Equal(5, Online(Secure + Inst("virtual_ipaddress {\n 192.0.2.1\n 2001:db8::1 dev eth1\n}")).ExitCode);
    }

    [Fact]
    public void Vip_prefix_beyond_the_family_is_clamped_and_kept()
    {
        var r = Conf.Load(Secure + Inst("virtual_ipaddress {\n 192.0.2.1/33\n}"));
        Assert.Equal(32, Assert.Single(r.Model!.Instances[0].VirtualIpAddresses).Prefix);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void With_use_vmac_a_vip_on_the_own_interface_goes_on_the_vmac()
    {
        var i = Conf.Instance(
            "interface eth0\nvirtual_router_id 4\nuse_vmac vm4\nvirtual_ipaddress {\n 192.0.2.1 dev eth0\n" +
            " 192.0.2.2 dev eth1\n}");
        Assert.Equal(["vm4", "eth1"], i.VirtualIpAddresses.Select(v => v.ResolvedDev));
    }

    [Fact]
    public void Ipv6_vip_scope_is_global_as_keepalived_keeps_it()
    {
        var r = Conf.Load(Secure + Inst("virtual_ipaddress {\n 2001:db8::1 scope link\n}"));
        Assert.Equal("global", r.Model!.Instances[0].VirtualIpAddresses[0].Scope);
        Assert.True(r.Has("ipv6-scope"));
        Assert.Equal(5, r.ExitCode);
        Assert.Equal(
            "link",
            Conf.Instance("interface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n 192.0.2.1 scope link\n}")
                .VirtualIpAddresses[0].Scope);
    }

    [Fact]
    public void A_brace_inside_a_list_does_not_open_a_block()
    {
        // The '}' of the VIP line is commented out: keepalived reads the next line's words (and its '{') as
        // addresses, and that line's '}' closes the list, so VI_2 stays a section of its own.
        var r = Conf.Load(
            Secure +
            Inst("virtual_ipaddress { 192.0.2.1 # comment }\ntrack_interface {\n eth1\n}") +
            Inst("virtual_ipaddress { 192.0.2.2 }", "VI_2", 2));
        Assert.Equal(["VI_1", "VI_2"], r.Model!.Instances.Select(i => i.Name));
        Assert.True(r.Has("unexpected-brace"));
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void An_empty_unicast_peer_block_with_use_vmac_still_needs_vmac_xmit_base()
    {
        Assert.True(
            Conf.Load(
                Secure + Inst("use_vmac\nunicast_peer {\n}\nvirtual_ipaddress { 192.0.2.1 }")).Has("vmac-unicast"));
    }

    [Theory]
    [InlineData("global_defs {\n enable_script_security\n script_user root\n router_id\n}\n")]
    [InlineData("global_defs {\n enable_script_security\n script_user root\n vrrp_mcast_group4 192.0.2.1\n}\n")]
    [InlineData(
        "global_defs {\n enable_script_security\n script_user root\n}\nvrrp_script c {\n script /bin/true\n" +
        " interval 0.0001\n}\n")]
    public void Worked_around_by_keepalived_itself(string prefix)
    {
        // Observed: "routerid name missing - ignoring", "... is not multicast. Skipping", "too many decimal places"
        // (2.4.3; 2.2.7 "invalid number"): each is exit 5, not a refusal.
        Assert.Equal(5, Conf.Load(prefix + Inst("virtual_ipaddress { 192.0.2.1 }")).ExitCode);
    }

    [Fact]
    public void Vrrpv3_advert_int_clamp_counts_as_worked_around()
    {
        var r = Conf.Load(Secure + Inst("version 3\nadvert_int 41\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal((4095 * 10, 5), (r.Model!.Instances[0].AdvertIntervalMs, r.ExitCode));
    }

    [Fact]
    public void Invalid_priority_is_100_even_with_state_master()
    {
        var i = Conf.Load(
            Secure + Inst("state MASTER\npriority 0\nvirtual_ipaddress { 192.0.2.1 }")).Model!.Instances[0];
        Assert.Equal(100, i.Priority);
        Assert.Equal(
            255,
            Conf.Load(Secure + Inst("state MASTER\nvirtual_ipaddress { 192.0.2.1 }")).Model!.Instances[0].Priority);
    }

    // keepalived 2.2.7: "Sync group G1 has no virtual router(s). removing" is a configuration error (5), and the
    // removed group's notify scripts still count for script security (6 without enable_script_security).
    [Fact]
    public void An_empty_sync_group_is_removed_as_a_worked_around_error()
    {
        var r = Conf.Load(Secure + Inst("virtual_ipaddress { 192.0.2.1 }") + "vrrp_sync_group G1 {\n}\n");
        Assert.Equal((0, 5), (r.Model!.SyncGroups.Count, r.ExitCode));
    }

    [Fact]
    public void A_removed_sync_group_s_notify_script_still_counts_for_script_security()
    {
        var r = Online(Inst("virtual_ipaddress { 192.0.2.1 }") + "vrrp_sync_group G1 {\n notify_master /bin/true\n}\n");
        Assert.Equal(6, r.ExitCode);
        Assert.True(r.Has("script-security"));
    }

    [Fact]
    public void Unicast_peer_of_the_other_family_is_skipped()
    {
        var r = Conf.Load(Secure + Inst("virtual_ipaddress { 192.0.2.1 }\nunicast_peer {\n 2001:db8::9\n}"));
        Assert.Empty(r.Model!.Instances[0].UnicastPeers);
        Assert.Equal(5, r.ExitCode);
    }

    // keepalived 2.2.7 fixes the family by whichever comes first in the file: a peer written before the VIPs makes
    // the instance IPv6 and its IPv4 VIP is the one skipped ("address family must match VRRP instance").
    // (This test asserted the opposite before; 2.2.7's -t shows this.)
    [Fact]
    public void A_unicast_peer_before_the_vips_fixes_the_family()
    {
        var r = Conf.Load(Secure + Inst("unicast_peer {\n 2001:db8::9\n}\nvirtual_ipaddress { 192.0.2.1 }"));
        var i = r.Model!.Instances[0];
        Assert.Equal(
            (1, 0, IpFamily.IPv6, 5),
            (i.UnicastPeers.Count, i.VirtualIpAddresses.Count, i.Family, r.ExitCode));
    }

    [Fact]
    public void Native_ipv6_before_mixed_vips_keeps_the_ipv6_ones_and_version_3()
    {
        var i = Conf.Load(
            Secure +
            Inst("advert_int 0.5\nnative_ipv6\nvirtual_ipaddress {\n 192.0.2.1\n 2001:db8::1\n}")).Model!.Instances[0];
        Assert.Equal((IpFamily.IPv6, 3, 500), (i.Family, i.Version, i.AdvertIntervalMs));
        Assert.Equal("2001:db8::1", Assert.Single(i.VirtualIpAddresses).Address.ToString());
    }

    [Fact]
    public void Native_ipv6_after_ipv4_vips_is_ignored_and_counts_as_worked_around()
    {
        var r = Conf.Load(Secure + Inst("virtual_ipaddress { 192.0.2.1 }\nnative_ipv6"));
        Assert.Equal((IpFamily.IPv4, 5), (r.Model!.Instances[0].Family, r.ExitCode));
    }

    [Fact]
    public void The_first_version_wins_and_a_later_different_one_is_worked_around()
    {
        var r = Conf.Load(Secure + Inst("version 3\nversion 2\nvirtual_ipaddress { 192.0.2.1 }"));
        Assert.Equal((3, 5), (r.Model!.Instances[0].Version, r.ExitCode));
    }

    [Fact]
    public void Track_interface_weight_out_of_range_keeps_the_interface_with_weight_0()
    {
        var t = Conf.Load(Secure + Inst("track_interface {\n eth1 weight 255\n}\nvirtual_ipaddress { 192.0.2.1 }"))
            .Model!.Instances[0].TrackInterfaces;
        Assert.Equal([("eth1", 0)], t.Select(x => (x.Name, x.Weight)));
    }
}
