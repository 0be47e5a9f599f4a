using System.Net;
using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>One test per lexical rule of keepalived's parser (reference section 5).</summary>
public sealed class LexicalTests
{
    private static VrrpInstanceConfig One(string text) => Conf.Model(text).Instances.Single();

    [Fact]
    public void Hash_and_bang_comments_anywhere_but_not_inside_quotes()
    {
        var m = Conf.Model("""
            # a comment line
            ! another
            vrrp_script chk { # trailing
                script "/bin/check #not-a-comment !nor-this" ! comment after
                interval 3 # three
            }
            vrrp_instance VI_1 { ! comment
                interface eth0
                virtual_router_id 5 # vrid
                priority 10!bang
                virtual_ipaddress { 192.0.2.1 } # one-line
                track_script { chk }
            }
            """);
        Assert.Equal(["/bin/check", "#not-a-comment", "!nor-this"], m.Scripts[0].Command);
        Assert.Equal(3000, m.Scripts[0].IntervalMs);
        Assert.Equal(10, m.Instances[0].Priority);
        Assert.Equal(5, m.Instances[0].Vrid);
    }

    [Fact]
    public void Escaped_hash_and_bang_are_literal()
    {
        var m = Conf.Model("""
            global_defs {
                router_id lab\#1\!x
            }
            """);
        Assert.Equal("lab#1!x", m.Global.RouterId);
    }

    [Theory]
    [InlineData("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 7\nvirtual_ipaddress {\n192.0.2.1\n}\n}")]
    [InlineData("vrrp_instance VI_1\n{\ninterface eth0\nvirtual_router_id 7\nvirtual_ipaddress\n{\n192.0.2.1\n}\n}")]
    [InlineData("vrrp_instance VI_1 { interface eth0\nvirtual_router_id 7\nvirtual_ipaddress { 192.0.2.1 } }")]
    [InlineData("vrrp_instance VI_1 { interface eth0 } ")]
    public void Braces_on_the_keyword_line_their_own_line_or_one_line(string text)
    {
        var r = Conf.Load(
            text.Replace(
                "{ interface eth0 } ",
                "{ interface eth0\nvirtual_router_id 7\nvirtual_ipaddress { 192.0.2.1 }\n}",
                StringComparison.Ordinal));
        var i = Assert.Single(r.Model!.Instances);
        Assert.Equal(("eth0", 7, 1), (i.Interface, i.Vrid, i.VirtualIpAddresses.Count));
        Assert.DoesNotContain(r.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Glued_braces_split_the_line()
    {
        var i = One("vrrp_instance VI_1{\ninterface eth0\nvirtual_router_id 9\nvirtual_ipaddress{192.0.2.1}\n}");
        Assert.Equal(9, i.Vrid);
        Assert.Single(i.VirtualIpAddresses);
    }

    [Fact]
    public void Double_quotes_make_one_token()
    {
        var m = Conf.Model("global_defs {\n router_id \"my router\"\n}");
        Assert.Equal("my router", m.Global.RouterId);
    }

    [Fact]
    public void Quoted_keywords_are_split_like_a_shell()
    {
        var m = Conf.Model("""
            vrrp_script chk {
                script "/bin/check 'a b' \"c d\" e\\ f g'h'i"
            }
            """);
        Assert.Equal(["/bin/check", "a b", "c d", "e f", "ghi"], m.Scripts[0].Command);
    }

    [Fact]
    public void Backslash_escapes_in_quoted_keywords()
    {
        var m = Conf.Model("vrrp_script chk {\n script \"/bin/printf \\\\x41\\\\101\\\\tZ\"\n}");
        Assert.Equal("A A\tZ".Replace(" ", string.Empty, StringComparison.Ordinal), m.Scripts[0].Command[1]);
    }

    [Fact]
    public void Unquoted_script_uses_only_the_first_word()
    {
        var r = Conf.Load("vrrp_script chk {\n script /bin/check arg\n}");
        Assert.Equal(["/bin/check"], r.Model!.Scripts[0].Command);
        Assert.True(r.Has("script-extra-words"));
    }

    [Fact]
    public void Notify_takes_user_and_group_after_the_command()
    {
        var i = One("vrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n notify_master \"/bin/n x\" alice :staff\n}");
        Assert.Equal(["/bin/n", "x"], i.NotifyMaster!.Argv);
        Assert.Equal(
            ("alice", "staff", true),
            (i.NotifyMaster.User, i.NotifyMaster.Group, i.NotifyMaster.SupplementaryGroups));
    }

    [Fact]
    public void Include_globs_relative_to_the_including_file_in_sorted_order()
    {
        var m = Conf.Model("include conf.d/*.conf\n", null,
            ("/etc/keepalived/conf.d/b.conf",
                "vrrp_instance VI_B {\n interface eth0\n virtual_router_id 2\n virtual_ipaddress { 192.0.2.2 }\n}"),
            ("/etc/keepalived/conf.d/a.conf",
                "include ../more/{x,y}.inc\nvrrp_instance VI_A {\n interface eth0\n virtual_router_id 1\n" +
                " virtual_ipaddress { 192.0.2.1 }\n}"),
            ("/etc/keepalived/more/x.inc", "vrrp_script sx {\n script /bin/x\n}"),
            ("/etc/keepalived/more/y.inc", "vrrp_script sy {\n script /bin/y\n}"),
            ("/etc/keepalived/conf.d/skip.txt", "garbage {"));
        Assert.Equal(["VI_A", "VI_B"], m.Instances.Select(i => i.Name));
        Assert.Equal(["sx", "sy"], m.Scripts.Select(s => s.Name));
        Assert.Equal(5, m.Files.Count);
        Assert.Equal("/etc/keepalived/more/x.inc", m.Scripts[0].Location.File);
    }

    [Fact]
    public void Include_inside_a_block_is_spliced_in_place()
    {
        var i = Conf.Model(
            "vrrp_instance VI_1 {\n include prio.inc\n" + Conf.MinimalInstance + "\n}",
            null,
            ("/etc/keepalived/prio.inc", "priority 77\n")).Instances.Single();
        Assert.Equal(77, i.Priority);
    }

    [Fact]
    public void Include_cycle_is_reported_not_followed()
    {
        var r = Conf.Load("include a.conf\n", null, ("/etc/keepalived/a.conf", "include keepalived.conf\n"));
        var d = Assert.Single(r.Codes("include-cycle"));
        Assert.Equal("/etc/keepalived/a.conf", d.File);
        Assert.Equal(1, d.Line);
    }

    [Fact]
    public void Plain_include_of_nothing_is_a_warning_and_includem_an_error()
    {
        var plain = Conf.Load("include missing/*.conf\n");
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(plain.Codes("include")).Severity);
        Assert.Equal(0, plain.ExitCode);
        var strict = Conf.Load("includem missing/*.conf\n");
        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(strict.Codes("include")).Severity);
        Assert.Equal(5, strict.ExitCode);
    }

    [Fact]
    public void Parameters_dollar_name_and_braced_name()
    {
        var i = One("""
            $IF=eth0
            $PRIO=123
            $VIP=192.0.2.44
            vrrp_instance VI_1 {
                interface $IF
                virtual_router_id 3
                priority ${PRIO}
                virtual_ipaddress {
                    ${VIP}/24
                }
            }
            """);
        Assert.Equal(
            ("eth0", 123, IPAddress.Parse("192.0.2.44"), 24),
            (i.Interface, i.Priority, i.VirtualIpAddresses[0].Address, i.VirtualIpAddresses[0].Prefix));
    }

    [Fact]
    public void Parameters_are_recursive_and_undefined_ones_stay_as_written()
    {
        var m = Conf.Model("$A=x$B\n$B=y\nglobal_defs {\n router_id ${A}-$UNDEFINED\n}\n");
        // Substitution happens at use time, so $B defined after $A still counts.
        Assert.Equal("xy-$UNDEFINED", m.Global.RouterId);
        var m2 = Conf.Model("$B=y\n$A=${B}z\nglobal_defs {\n router_id ${A}\n}\n");
        Assert.Equal("yz", m2.Global.RouterId);
    }

    [Fact]
    public void Multi_line_parameter_expands_to_several_lines()
    {
        var m = Conf.Model("""
            $INST=\
            vrrp_instance VI_1 {\
              interface eth0\
              virtual_router_id 8\
              virtual_ipaddress { 192.0.2.8 }\
            }
            $INST
            """);
        Assert.Equal(8, Assert.Single(m.Instances).Vrid);
    }

    [Fact]
    public void Predefined_parameters()
    {
        var r = Conf.Load("""
            global_defs {
                router_id ${_PWD}|${_INSTANCE}|${_ENV HOME}|${_HASH}|${_BANG}|${_RANDOM 7 7}
            }
            """,
            new ConfigOptions
            {
                HostName = "node1.example",
                Environment = new Dictionary<string, string> { ["HOME"] = "/root" }
            });
        Assert.Equal("/etc/keepalived|node1|/root|#|!|7", r.Model!.Global.RouterId);
    }

    [Fact]
    public void Random_is_seeded_and_in_range()
    {
        string Id(int seed) =>
            Conf.Model(
                "global_defs {\n router_id ${_RANDOM 10 20}\n}",
                new ConfigOptions { RandomSeed = seed }).Global.RouterId!;
        Assert.Equal(Id(5), Id(5));
        Assert.All(
            Enumerable.Range(1, 50),
            s => Assert.InRange(int.Parse(Id(s), System.Globalization.CultureInfo.InvariantCulture), 10, 20));
    }

    [Fact]
    public void Seq_seqx_and_lst()
    {
        var m = Conf.Model("""
            ~SEQ(N, 1, 2, 5) vrrp_script s$N { script /bin/s$N }
            ~SEQ(M, 2) vrrp_script m$M { script /bin/m }
            ~SEQx(H, 9, 11) vrrp_script h$H { script /bin/h }
            ~LST(W, a, b) vrrp_script w$W { script /bin/w }
            ~LST({X,Y}, {p,1}, {q,2}) vrrp_script l${X}${Y} { script /bin/l }
            """);
        Assert.Equal(
            ["s1", "s3", "s5", "m1", "m2", "h9", "ha", "hb", "wa", "wb", "lp1", "lq2"],
            m.Scripts.Select(s => s.Name));
    }

    [Fact]
    public void Nested_sequences_combine()
    {
        var m = Conf.Model("~SEQ(I, 1, 2) ~SEQ(J, 1, 2) vrrp_script s${I}_${J} { script /bin/s }\n");
        Assert.Equal(["s1_1", "s1_2", "s2_1", "s2_2"], m.Scripts.Select(s => s.Name));
    }

    [Fact]
    public void Conditional_lines_select_by_config_id()
    {
        const string Text = """
            global_defs {
            @node1  router_id first
            @node2  router_id second
            @^node1 vrrp_version 3
            }
            """;
        var byHost = Conf.Model(Text, new ConfigOptions { HostName = "node1.example.org" });
        Assert.Equal(("first", 2), (byHost.Global.RouterId, byHost.Global.VrrpVersion));
        var byId = Conf.Model(Text, new ConfigOptions { HostName = "node1", ConfigId = "node2" });
        Assert.Equal(("second", 3), (byId.Global.RouterId, byId.Global.VrrpVersion));
    }

    [Fact]
    public void A_conditional_after_a_brace_selects_the_rest_of_the_line_as_keepalived_does()
    {
        // keepalived reads the text after a brace as a line of its own: `@ID` there keeps or drops the rest,
        // the closing brace with it (observed with keepalived 2.2.7 -t: the block then stays open).
        const string Text = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
            + " virtual_ipaddress { @node1 192.0.2.1 }\n virtual_ipaddress_excluded { @^node1 192.0.2.2 }\n}\n";
        var selected = Conf.Load(Text, new ConfigOptions { HostName = "node1" }).Model!.Instances[0];
        Assert.Equal(["192.0.2.1"], selected.VirtualIpAddresses.Select(v => v.Address.ToString()));
        Assert.Empty(selected.VirtualIpAddressesExcluded);
        // On node2 the dropped `}` leaves virtual_ipaddress open: keepalived reads the next line's words as
        // addresses ("invalid IP virtual_ipaddress_excluded", "invalid IP {") and 192.0.2.2 becomes a VIP.
        var other = Conf.Load(Text, new ConfigOptions { HostName = "node2" }).Model!.Instances[0];
        Assert.Equal(["192.0.2.2"], other.VirtualIpAddresses.Select(v => v.Address.ToString()));
        Assert.Empty(other.VirtualIpAddressesExcluded);
    }

    [Fact]
    public void Conditional_line_can_define_a_parameter()
    {
        var i = One("$P=50\n@node1 $P=240\nvrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n priority $P\n}");
        Assert.Equal(240, i.Priority);
    }

    [Fact]
    public void Keywords_are_case_sensitive()
    {
        var r = Conf.Load("vrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n Priority 50\n state master\n}");
        Assert.Equal(100, r.Model!.Instances[0].Priority);
        var unknown = Assert.Single(r.Codes("unknown-keyword"));
        Assert.Contains("did you mean 'priority'", unknown.Message, StringComparison.Ordinal);
        Assert.True(r.Has("invalid-state"));
    }

    [Fact]
    public void Crlf_missing_final_newline_and_utf8_comments()
    {
        var text = "# café ünïcödé コメント\r\nvrrp_instance VI_1 {\r\n interface eth0 # 日本語\r\n virtual_router_id 4\r\n" +
            " virtual_ipaddress {\r\n 192.0.2.4\r\n }\r\n}";
        var r = Conf.Load(text);
        Assert.Equal(4, r.Model!.Instances.Single().Vrid);
        Assert.Equal("eth0", r.Model.Instances[0].Interface);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Unterminated_quote_is_located()
    {
        var r = Conf.Load("global_defs {\n    router_id \"abc\n}\n");
        var d = r.Codes("unterminated-quote").First();
        Assert.Equal((2, 15), (d.Line, d.Column));
    }

    [Fact]
    public void Missing_and_extra_braces_are_located()
    {
        var r = Conf.Load("vrrp_instance VI_1 {\n interface eth0\n");
        var missing = Assert.Single(r.Codes("missing-brace"));
        Assert.Equal((1, 1), (missing.Line, missing.Column));
        var r2 = Conf.Load("global_defs {\n}\n}\n");
        var extra = Assert.Single(r2.Codes("extra-brace"));
        Assert.Equal((3, 1), (extra.Line, extra.Column));
    }

    [Fact]
    public void Overlong_line_is_dropped_like_keepalived()
    {
        var r = Conf.Load("global_defs {\n router_id " + new string('x', 1100) + "\n}\n");
        Assert.True(r.Has("line-too-long"));
        Assert.Null(r.Model!.Global.RouterId);
    }

    [Fact]
    public void Columns_point_at_the_offending_word()
    {
        var r = Conf.Load("vrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n    priority 300\n}");
        var d = Assert.Single(r.Codes("out-of-range"));
        Assert.Equal(Conf.MainPath, d.File);
        Assert.Equal((7, 14), (d.Line, d.Column));
        Assert.Equal(
            $"{Conf.MainPath}:7:14: error: 'priority': 300 is outside 1..255; ignored [out-of-range]",
            d.ToString());
    }

    [Fact]
    public void A_section_swallowed_by_a_missing_brace_is_explained()
    {
        var r = Conf.Load(
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress { 192.0.2.1 }\n\n" +
            "vrrp_instance VI_2 {\n interface eth0\n}\n");
        var d = Assert.Single(r.Codes("misplaced-section"));
        Assert.Equal(6, d.Line);
        Assert.Contains("is a '}' missing before this line?", d.Message, StringComparison.Ordinal);
        // As keepalived: VI_2's '{' is ignored, its lines belong to VI_1, and its '}' closes VI_1.
        Assert.True(r.Has("unexpected-brace"));
        Assert.False(r.Has("missing-brace"));
        Assert.Equal(["VI_1"], r.Model!.Instances.Select(i => i.Name));
    }

    [Fact]
    public void Sections_after_a_brace_ignored_in_global_defs_are_never_read_by_keepalived_s_vrrp_process()
    {
        // Observed with keepalived 2.2.7: the parent ignores the '{' of vrrp_script inside the unclosed global_defs,
        // but its VRRP process skips global_defs by counting braces and is still inside it at VI_1, so the daemon
        // starts with no instance at all.
        const string Text = "global_defs {\n router_id r1\nvrrp_script chk1 {\n}\nvrrp_instance VI_1 {\n" +
            " interface eth0\n"
            + " virtual_router_id 1\n virtual_ipaddress { 192.0.2.1 }\n}\n";
        var r = Conf.Load(Text);
        Assert.Empty(r.Model!.Instances);
        Assert.Equal("r1", r.Model.Global.RouterId);
        Assert.Equal(5, Assert.Single(r.Codes("hidden-by-global-defs")).Line);
        Assert.Equal(5, r.ExitCode);

        // Once the braces balance for it (one more '}'), the sections after are read again.
        var balanced = Conf.Load(
            Text +
            "}\nvrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n virtual_ipaddress { 192.0.2.2 }\n}\n");
        Assert.Equal(["VI_2"], balanced.Model!.Instances.Select(i => i.Name));
    }

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", ".a.conf", false)]
    [InlineData("?.c[o-p]nf", "a.conf", true)]
    [InlineData("[!a]*", "a.conf", false)]
    [InlineData("a\\*", "a*", true)]
    public void Glob_segments_match_like_glob3(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GlobPattern.Match(pattern, name));

    [Fact]
    public void Brace_expansion_is_left_to_right_and_nested()
    {
        Assert.Equal(["a1", "a2", "b"], GlobPattern.ExpandBraces("{a{1,2},b}"));
        Assert.Equal(["x"], GlobPattern.ExpandBraces("x"));
    }

    [Fact]
    public void Includeb_needs_every_brace_alternative_to_match()
    {
        var more = ("/etc/keepalived/x.inc", "! empty\n");
        Assert.False(Conf.Load("include {x,y}.inc\n", null, more).Has("include"));
        Assert.Single(Conf.Load("includeb {x,y}.inc\n", null, more).Codes("include"));
        Assert.False(Conf.Load("includeb {x,x}.inc\n", null, more).Has("include"));
    }
}
