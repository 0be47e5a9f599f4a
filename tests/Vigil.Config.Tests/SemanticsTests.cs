using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Tests;

/// <summary>keepalived's defaults and derivations, and the diagnostics around them.</summary>
public sealed class SemanticsTests
{
    private static string Inst(string extra, string name = "VI_1") =>
        $"vrrp_instance {name} {{\n{Conf.MinimalInstance}\n{extra}\n}}\n";

    [Fact]
    public void Defaults_of_a_minimal_instance()
    {
        var i = Conf.Model(Inst(string.Empty)).Instances.Single();
        Assert.Equal((100, VrrpState.Backup, 2, IpFamily.IPv4, 1000, true, 0, AuthType.None, true, 3),
            (i.Priority, i.ConfiguredState, i.Version, i.Family, i.AdvertIntervalMs, i.Preempt, i.PreemptDelayMs,
                i.AuthType, i.Accept, i.DownTimerAdverts));
        Assert.Equal(
            (5000, 5, 0, 1, 5000, 5),
            (i.GarpMasterDelayMs, i.GarpMasterRepeat, i.GarpMasterRefreshMs, i.GarpMasterRefreshRepeat,
                i.GarpLowerPrioDelayMs, i.GarpLowerPrioRepeat));
        Assert.Equal("224.0.0.18", i.McastDstIp.ToString());
        Assert.False(i.StateConfigured);
    }

    [Fact]
    public void Instances_share_one_empty_list_for_what_they_leave_out()
    {
        // Thousands of instances each held thirteen empty lists; an empty one is now the shared empty array, with or
        // without a host to check the environment against.
        foreach (var options in new[] { null, RouteConf.Options })
        {
            var model = Conf.Model(Inst(string.Empty) + Inst("track_interface {\n eth1\n}", "VI_2"), options);
            var (a, b) = (model.Instances[0], model.Instances[1]);
            Assert.Same(Array.Empty<TrackerRef>(), a.TrackScripts);
            Assert.Same(a.TrackScripts, b.TrackScripts);
            Assert.Same(Array.Empty<RouteConfig>(), b.Routes);
            Assert.Same(Array.Empty<VirtualIpAddress>(), a.VirtualIpAddressesExcluded);
            Assert.Single(b.TrackInterfaces);
            Assert.Single(a.VirtualIpAddresses);
        }
    }

    [Fact]
    public void State_master_without_priority_means_255()
    {
        var i = Conf.Model(Inst("state MASTER")).Instances.Single();
        Assert.Equal((255, VrrpState.Master), (i.Priority, i.ConfiguredState));
    }

    [Theory]
    [InlineData(255, VrrpState.Master)]
    [InlineData(254, VrrpState.Backup)]
    [InlineData(1, VrrpState.Backup)]
    public void State_follows_priority_when_absent(int priority, VrrpState expected) =>
        Assert.Equal(expected, Conf.Model(Inst($"priority {priority}")).Instances.Single().ConfiguredState);

    [Fact]
    public void Master_without_255_is_linted()
    {
        var r = Conf.Load(Inst("state MASTER\npriority 150"));
        Assert.Equal(VrrpState.Master, r.Model!.Instances[0].ConfiguredState);
        Assert.True(r.Has("lint-master-not-owner"));
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Ipv6_forces_version_3_and_its_group()
    {
        var r = Conf.Load(
            "vrrp_instance VI_6 {\n interface eth0\n virtual_router_id 9\n version 2\n virtual_ipaddress {\n" +
            " 2001:db8::1/64\n }\n}");
        var i = r.Model!.Instances.Single();
        Assert.Equal((IpFamily.IPv6, 3, "ff02::12"), (i.Family, i.Version, i.McastDstIp.ToString()));
        Assert.True(r.Has("version"));
    }

    [Theory]
    [InlineData(2, "1", 1000, false)]
    [InlineData(2, "2.4", 2000, true)]
    [InlineData(2, "0.3", 1000, true)]
    [InlineData(3, "0.5", 500, false)]
    [InlineData(3, "1.234", 1230, true)]
    [InlineData(3, "100", 40950, true)]
    public void Advert_int_is_rounded_per_version(int version, string advert, int expectedMs, bool warned)
    {
        var r = Conf.Load(Inst($"version {version}\nadvert_int {advert}"));
        Assert.Equal(expectedMs, r.Model!.Instances[0].AdvertIntervalMs);
        Assert.Equal(warned, r.Has("advert-rounded") || r.Has("advert-clamped"));
    }

    [Fact]
    public void Script_timeout_defaults_to_interval()
    {
        var m = Conf.Model(
            "vrrp_script a {\n script /bin/a\n interval 4\n}\nvrrp_script b {\n script /bin/b\n interval 4\n" +
            " timeout 2\n}\n" +
            Inst("track_script {\n a\n b\n}"));
        Assert.Equal([(4000, 4000), (4000, 2000)], m.Scripts.Select(s => (s.IntervalMs, s.TimeoutMs)));
    }

    [Fact]
    public void Script_interval_zero_becomes_one_second()
    {
        var r = Conf.Load("vrrp_script a {\n script /bin/a\n interval 0\n}\n");
        Assert.Equal(1000, r.Model!.Scripts[0].IntervalMs);
        Assert.True(r.Has("interval-zero"));
    }

    [Theory]
    [InlineData("weight 253", 253, false)]
    [InlineData("weight -253", -253, false)]
    [InlineData("weight 254", 254, true)]   // reported, and kept as keepalived keeps it
    [InlineData("weight -300", -300, true)]
    public void Script_weight_range(string line, int weight, bool error)
    {
        var r = Conf.Load($"vrrp_script a {{\n script /bin/a\n {line}\n}}\n");
        Assert.Equal(weight, r.Model!.Scripts[0].Weight);
        Assert.Equal(error, r.Has("out-of-range"));
    }

    [Theory]
    [InlineData("weight 1x", 1)]
    [InlineData("weight -7abc reverse", -7)]
    [InlineData("weight x", 0)]
    public void Script_weight_with_trailing_characters_keeps_its_leading_integer_as_keepalived(string line, int weight)
    {
        var r = Conf.Load($"vrrp_script a {{\n script /bin/a\n {line}\n}}\n");
        Assert.Equal(weight, r.Model!.Scripts[0].Weight);
        Assert.True(r.Has("invalid-number"));
        Assert.Equal(line.EndsWith("reverse", StringComparison.Ordinal), r.Model!.Scripts[0].Reverse);
    }

    [Fact]
    public void Track_script_overrides_weight_and_reverse()
    {
        var r = Conf.Load("""
            vrrp_script up { 
                script /bin/up
                weight 10 reverse
            }
            vrrp_script dn {
                script /bin/dn
                weight -7
            }
            """ + Inst("""
            track_script {
                up
                dn weight -20 reverse
            }
            """) + Inst("""
            track_script {
                up weight 5 noreverse
                dn weight 254
            }
            """, "VI_2").Replace("virtual_router_id 51", "virtual_router_id 52", StringComparison.Ordinal));
        var a = r.Model!.Instances[0].TrackScripts;
        Assert.Equal([("up", 10, true), ("dn", -20, true)], a.Select(t => (t.Name, t.Weight, t.Reverse)));
        var b = r.Model.Instances[1].TrackScripts;
        Assert.Equal([("up", 5, false), ("dn", 253, false)], b.Select(t => (t.Name, t.Weight, t.Reverse)));
        Assert.True(r.Has("weight-clamped"));
    }

    [Fact]
    public void Track_script_bad_option_drops_the_entry()
    {
        var r = Conf.Load("vrrp_script s {\n script /bin/s\n}\n" + Inst("track_script {\n s wieght 5\n}"));
        Assert.Empty(r.Model!.Instances[0].TrackScripts);
        Assert.Contains(
            "did you mean 'weight'",
            Assert.Single(r.Codes("tracker-option")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_reference_to_a_later_script_is_ignored_with_a_warning()
    {
        var r = Conf.Load(Inst("track_script {\n later\n}") + "vrrp_script later {\n script /bin/later\n}\n");
        Assert.Empty(r.Model!.Instances[0].TrackScripts);
        var d = Assert.Single(r.Codes("unknown-script"));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.False(r.Model.Scripts.Single().Tracked);
        Assert.True(r.Has("lint-unused-script"));
    }

    [Fact]
    public void Unknown_keyword_suggests_the_right_one()
    {
        // Script security on: keepalived 2.2.7 counts even an untracked script, which would otherwise make it 6.
        var r = Conf.Load(
            "vrrp_script chk {\n script /bin/x\n raise 2\n}\nglobal_defs {\n enable_script_security\n}\n");
        var d = Assert.Single(r.Codes("unknown-keyword"));
        Assert.Contains("'raise'", d.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'rise'", d.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal((3, 2), (d.Line, d.Column));
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Strict_makes_warnings_errors()
    {
        var text = Inst("state MASTER\npriority 100");
        Assert.Equal(0, Conf.Load(text).ExitCode);
        var strict = Conf.Load(text, new ConfigOptions { Strict = true });
        Assert.Equal(5, strict.ExitCode);
        Assert.All(strict.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void Other_subsystems_are_skipped_once_each_and_kept()
    {
        var r = Conf.Load("""
            virtual_server 192.0.2.50 80 {
                delay_loop 6
                real_server 192.0.2.51 80 {
                    TCP_CHECK { connect_timeout 3 }
                }
            }
            static_track_group g1 {
                group { VI_1 }
            }
            bfd_instance b1 {
                neighbor_ip 192.0.2.9
            }
            """ + Inst(string.Empty));
        Assert.Equal(
            [("virtual_server", 1), ("static_track_group", 7), ("bfd_instance", 10)],
            r.Model!.IgnoredSections.Select(s => (s.Keyword, s.Line)));
        Assert.Equal(3, r.Codes("ignored-section").Count());
        Assert.Equal(["192.0.2.50", "80"], r.Model.IgnoredSections[0].Arguments);
        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Model.Instances);
    }

    [Fact]
    public void Features_the_daemon_does_not_act_on_say_so_instead_of_looking_like_trackers()
    {
        var r = Conf.Load("global_defs {\n vrrp_delay_after_boot 30\n}\n"
            + "vrrp_track_process chk_nginx {\n process nginx\n}\n"
            + Inst("track_process {\n chk_nginx\n}\nauthentication {\n auth_type AH\n auth_pass secret\n}"));
        var unsupported = r.Diagnostics.Where(d => d.Code == "unsupported").Select(d => d.Message).ToList();
        // vrrp_delay_after_boot (keepalived 2.3+), track_process and AH are all acted on now.
        Assert.Empty(unsupported);
        Assert.Equal(30_000, r.Model!.Global.DelayAfterBootMs);
        Assert.Equal(AuthType.Ah, r.Model!.Instances[0].AuthType);
        Assert.Equal("chk_nginx", r.Model.Instances[0].TrackProcesses.Single().Name);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Track_process_delay_sets_both_delays_in_keyword_order()
    {
        var r = Conf.Load("vrrp_track_process a {\n process x\n fork_delay 1\n delay 2\n}\n"
            + "vrrp_track_process b {\n process x\n delay 2\n fork_delay 0.5\n}\n" + Inst(
                "track_process {\n a\n b\n}"));
        var a = r.Model!.TrackProcesses.Single(p => p.Name == "a");
        var b = r.Model.TrackProcesses.Single(p => p.Name == "b");
        Assert.Equal((2000, 2000), (a.ForkDelayMs, a.TerminateDelayMs));
        Assert.Equal((500, 2000), (b.ForkDelayMs, b.TerminateDelayMs));
    }

    [Fact]
    public void Track_process_names_longer_than_the_kernel_keeps_are_reported()
    {
        var r = Conf.Load("vrrp_track_process a {\n process a_very_long_daemon_name\n}\n"
            + "vrrp_track_process b {\n process /usr/sbin/a_very_long_daemon_name\n full_command\n}\n" + Inst(
                "track_process {\n a\n b\n}"));
        var lint = r.Diagnostics.Where(d => d.Code == "lint-process-name-length").ToList();
        Assert.Single(lint);
        Assert.Contains("vrrp_track_process a:", lint[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rare_keyword_is_kept_and_reported_once()
    {
        var r = Conf.Load(
            Inst("use_vmac_addr\ntrack_src_ip") +
            Inst("use_vmac_addr", "VI_2").Replace(
                "virtual_router_id 51",
                "virtual_router_id 52",
                StringComparison.Ordinal));
        Assert.Equal(2, r.Codes("unsupported").Count());
        Assert.True(r.Model!.Instances[0].TrackSrcIp);
        Assert.Equal(["use_vmac_addr", "track_src_ip"], r.Model.Instances[0].OtherKeywords.Select(k => k.Keyword));
    }

    [Fact]
    public void Use_vmac_and_vmac_xmit_base_are_supported()
    {
        var r = Conf.Load(
            Inst("use_vmac vm51\nvmac_xmit_base") +
            Inst("use_vmac", "VI_2").Replace("virtual_router_id 51", "virtual_router_id 52", StringComparison.Ordinal));
        Assert.Empty(r.Codes("unsupported"));
        Assert.Equal(("vm51", true), (r.Model!.Instances[0].VmacName, r.Model.Instances[0].VmacXmitBase));
        Assert.Equal(("vrrp.52", false), (r.Model.Instances[1].VmacName, r.Model.Instances[1].VmacXmitBase));
        Assert.Empty(r.Model.Instances[0].OtherKeywords);
    }

    [Fact]
    public void Promote_secondaries_is_supported()
    {
        var r = Conf.Load(Inst("promote_secondaries"));
        Assert.Empty(r.Codes("unsupported"));
        Assert.True(r.Model!.Instances[0].PromoteSecondaries);
    }

    [Fact]
    public void Sync_group_with_group_block_and_legacy_form()
    {
        var two = Inst(string.Empty) +
            Inst(string.Empty, "VI_2").Replace(
                "virtual_router_id 51",
                "virtual_router_id 52",
                StringComparison.Ordinal);
        var modern = Conf.Model(two + "vrrp_sync_group G {\n group {\n VI_1\n VI_2\n }\n}\n");
        Assert.Equal(["VI_1", "VI_2"], modern.SyncGroups.Single().Members);
        Assert.All(modern.Instances, i => Assert.Equal("G", i.SyncGroup));
        // keepalived 2.2.7 reads members listed without `group { }` as unknown keywords and removes the empty group.
        var legacy = Conf.Load(two + "vrrp_sync_group G {\n VI_1\n VI_2\n}\n");
        Assert.Empty(legacy.Model!.SyncGroups);
        Assert.All(legacy.Model.Instances, i => Assert.Null(i.SyncGroup));
        Assert.Equal(2, legacy.Codes("legacy-sync-group").Count());
        Assert.Contains("group {", legacy.Codes("legacy-sync-group").First().Message, StringComparison.Ordinal);
        Assert.Equal(5, legacy.ExitCode);
    }

    [Fact]
    public void Sync_group_members_lose_weighted_trackers_and_gain_group_trackers()
    {
        var r = Conf.Load("vrrp_script s {\n script /bin/s\n weight 10\n}\nvrrp_script g {\n script /bin/g\n}\n" +
            Inst("track_script {\n s\n}") + "vrrp_sync_group G {\n group { VI_1 }\n track_script {\n g\n }\n}\n");
        Assert.Equal(["g"], r.Model!.Instances[0].TrackScripts.Select(t => t.Name));
        Assert.True(r.Has("sync-group-weight"));
        Assert.True(r.Has("single-member"));
    }

    [Fact]
    public void Sync_group_with_unknown_member()
    {
        var r = Conf.Load(Inst(string.Empty) + "vrrp_sync_group G {\n group {\n VI_1\n VI_11\n }\n}\n");
        Assert.Contains(
            "did you mean 'VI_1'",
            Assert.Single(r.Codes("unknown-member")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_loses_weighted_trackers()
    {
        var r = Conf.Load(
            "vrrp_script s {\n script /bin/s\n weight -10\n}\n" + Inst("priority 255\ntrack_script {\n s\n}"));
        Assert.Empty(r.Model!.Instances[0].TrackScripts);
        Assert.True(r.Has("owner-weight"));
    }

    [Fact]
    public void Nopreempt_is_cleared_by_state_master()
    {
        var r = Conf.Load(Inst("state MASTER\npriority 100\nnopreempt"));
        Assert.True(r.Model!.Instances[0].Preempt);
        Assert.True(r.Has("nopreempt-cleared"));
        Assert.False(Conf.Model(Inst("state BACKUP\nnopreempt")).Instances[0].Preempt);
    }

    [Fact]
    public void Lint_weight_zero_tracker_means_fault()
    {
        var r = Conf.Load("vrrp_script s {\n script /bin/s\n}\n" + Inst("track_script {\n s\n}"));
        Assert.Contains("FAULT", Assert.Single(r.Codes("lint-weight-zero")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_nopreempt_with_weighted_tracker()
    {
        var r = Conf.Load(
            "vrrp_script s {\n script /bin/s\n weight -20\n}\n" + Inst("nopreempt\ntrack_script {\n s\n}"));
        Assert.Single(r.Codes("lint-nopreempt-weight"));
    }

    [Theory]
    [InlineData("script \"/bin/check | grep ok\"", true)]
    [InlineData("script \"pidof x && true\"", true)]
    [InlineData("script \"$(which nc) -z 127.0.0.1 6033\"", true)]
    [InlineData("script \"/bin/sh -c 'pidof a | wc -l'\"", false)]
    [InlineData("script \"/usr/bin/pgrep haproxy\"", false)]
    public void Lint_shell_syntax_in_script(string line, bool linted) =>
        Assert.Equal(linted, Conf.Load($"vrrp_script s {{\n {line}\n}}\n").Has("lint-shell-syntax"));

    [Fact]
    public void Lint_duplicate_vrid_on_one_interface_and_family()
    {
        var r = Conf.Load(Inst(string.Empty) + Inst(string.Empty, "VI_2"));
        Assert.Contains("VI_1", Assert.Single(r.Codes("lint-duplicate-vrid")).Message, StringComparison.Ordinal);
        var v6 = Conf.Load(
            Inst(string.Empty) +
            "vrrp_instance VI_6 {\n interface eth0\n virtual_router_id 51\n virtual_ipaddress { 2001:db8::1 }\n}\n");
        Assert.False(v6.Has("lint-duplicate-vrid"));
    }

    [Fact]
    public void Lint_vip_of_the_other_family()
    {
        var r = Conf.Load(
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n virtual_ipaddress {\n 192.0.2.1\n" +
            " 2001:db8::1\n }\n}\n");
        Assert.Single(r.Model!.Instances[0].VirtualIpAddresses);
        Assert.Equal(6, Assert.Single(r.Codes("lint-vip-family")).Line);
    }

    [Fact]
    public void Lint_script_nobody_tracks()
    {
        var r = Conf.Load("vrrp_script lonely {\n script /bin/x\n}\n" + Inst(string.Empty));
        Assert.Single(r.Codes("lint-unused-script"));
        Assert.False(r.Model!.Scripts[0].Tracked);
    }

    [Fact]
    public void Lint_preempt_delay_with_nopreempt()
    {
        var r = Conf.Load(Inst("nopreempt\npreempt_delay 30"));
        Assert.Single(r.Codes("lint-preempt-delay"));
        Assert.Equal(0, r.Model!.Instances[0].PreemptDelayMs);
    }

    [Fact]
    public void Lint_unicast_peer_equal_to_own_source()
    {
        var r = Conf.Load(Inst("unicast_src_ip 192.0.2.5\nunicast_peer {\n 192.0.2.5\n 192.0.2.6\n}"));
        Assert.Single(r.Codes("lint-peer-is-self"));
    }

    [Fact]
    public void Script_security_violation_gives_exit_6()
    {
        var text = "vrrp_script s {\n script /bin/s\n weight 2\n}\n" + Inst("track_script {\n s\n}");
        var r = Conf.Load(text);
        Assert.Equal(6, r.ExitCode);
        Assert.Equal(DiagnosticClass.Security, Assert.Single(r.Codes("script-security")).Class);
        Assert.Equal(0, Conf.Load("global_defs {\n enable_script_security\n}\n" + text).ExitCode);
    }

    [Fact]
    public void Missing_file_gives_exit_4_and_no_model()
    {
        var r = ConfigLoader.Load("/nope.conf", new InMemoryConfigSource(), new ConfigOptions());
        Assert.Null(r.Model);
        Assert.Equal(4, r.ExitCode);
        Assert.Equal("file-not-found", Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Missing_vrid_cannot_run()
    {
        // keepalived -t says 5, but its daemon refuses the configuration: the verdict is 4.
        var r = Conf.Load("vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress { 192.0.2.1 }\n}\n");
        Assert.Empty(r.Model!.Instances);
        Assert.Equal(4, r.ExitCode);
    }

    [Fact]
    public void Strict_mode_derivations()
    {
        var r = Conf.Load(
            "global_defs {\n vrrp_strict\n}\n" +
            Inst("priority 100\nauthentication {\n auth_type PASS\n auth_pass x\n}"));
        var i = r.Model!.Instances[0];
        Assert.Equal(
            (AuthType.None, false, true, 0, 0),
            (i.AuthType, i.Accept, i.LowerPrioNoAdvert, i.GarpLowerPrioRepeat, i.GarpMasterRepeat));
        Assert.True(r.Has("strict-auth"));
    }
}
