using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Vigil.Lab;
using Vigil.Linux.Native;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Firewall;

/// <summary>
/// no_accept in namespaces: a non-owner MASTER drops traffic to its VIPs through an nftables table laid out as
/// keepalived 2.2.7's, while the host's own address answers; the table goes at stop and a table a killed run left
/// behind is rebuilt at the next start. Every case needs the nft tool (CI installs it).
/// </summary>
public sealed partial class NoAcceptFirewallTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const int Port = 8731;

    /// <summary>An IPv4 instance VI_1 and, unless <paramref name="v6"/> is false, an IPv6 one VI_6 (an instance's VIPs
    /// are all of its family), both non-owners under vrrp_strict.</summary>
    private static string Config(
        int vrid = 51,
        string vips = "192.0.2.200/24",
        string global = "",
        bool v6 = true,
        int priority = 100,
        string vips6 = "2001:db8::200/64") =>
        Configs.Global("vrrp_strict\n" + global) + Configs.Instance(
            vrid: vrid,
            vips: vips,
            advert: "1",
            priority: priority)
        + (v6 ? Configs.Instance(name: "VI_6", vrid: vrid + 10, vips: vips6, advert: "1", priority: priority) : "");

    private static void RequireNft()
    {
        Root.Require();
        if (Shell.Run("sh", "-c", "command -v nft").Code != 0)
            Assert.Skip("needs the nft tool (package nftables)");
    }

    private static string Ruleset(TestLab lab, int host) =>
        Shell.Must("ip", "netns", "exec", lab.Host(host), "nft", "list", "ruleset");

    /// <summary>Waits until the ruleset satisfies <paramref name="check"/> (the writer runs nft off the
    /// loop).</summary>
    private static string RulesetBecomes(TestLab lab, int host, Func<string, bool> check)
    {
        var end = DateTime.UtcNow + Long;
        string text;
        while (!check(text = Ruleset(lab, host)) && DateTime.UtcNow < end)
            Thread.Sleep(50);
        return text;
    }

    /// <summary>A TCP connect from <paramref name="fromHost"/>'s namespace to a link-local address on its
    /// eth0.</summary>
    private static bool ConnectsLinkLocal(TestLab lab, int fromHost, string address) =>
        NetNs.Run(lab.Host(fromHost), () =>
        {
            var to = IPAddress.Parse(address);
            to.ScopeId = Libc.if_nametoindex("eth0");
            using var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                return s.ConnectAsync(to, Port).Wait(TimeSpan.FromSeconds(1.5));
            }
            catch (AggregateException)
            {
                return false;
            }
        });

    /// <summary>A TCP connect from <paramref name="fromHost"/>'s namespace, bounded: true when it completes.</summary>
    private static bool Connects(TestLab lab, int fromHost, string address) =>
        NetNs.Run(lab.Host(fromHost), () =>
        {
            using var s = new Socket(IPAddress.Parse(address).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                return s.ConnectAsync(IPAddress.Parse(address), Port).Wait(TimeSpan.FromSeconds(1.5));
            }
            catch (AggregateException)
            {
                return false;
            }
        });

    private static Socket Listen(TestLab lab, int host) =>
        lab.Own(NetNs.Run(lab.Host(host), () =>
        {
            var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            s.Bind(new IPEndPoint(IPAddress.IPv6Any, Port));
            s.Listen(16);
            return s;
        }));

    [Fact]
    public void A_non_owner_master_drops_tcp_to_its_vips_while_the_host_address_answers_and_the_table_goes_at_stop()
    {
        RequireNft();
        using var lab = new TestLab(2);
        Listen(lab, 1);
        var a = Node.StartVigil(lab, 1, Config());
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        a.WaitFor(@"\(VI_6\) Entering MASTER STATE", Long);
        Assert.True(lab.AddressBecomes(1, "192.0.2.200", present: true), a.Log);
        var rules = RulesetBecomes(
            lab,
            1,
            r => r.Contains("192.0.2.200", StringComparison.Ordinal)
                && r.Contains("2001:db8::200", StringComparison.Ordinal));
        Assert.Contains("table ip keepalived {", rules, StringComparison.Ordinal);
        Assert.Contains("table ip6 keepalived {", rules, StringComparison.Ordinal);

        Assert.True(Connects(lab, 2, TestLab.HostV4(1).ToString()), "the host's own IPv4 address must answer");
        Assert.True(Connects(lab, 2, TestLab.HostV6(1).ToString()), "the host's own IPv6 address must answer");
        Assert.False(Connects(lab, 2, "192.0.2.200"), "the IPv4 VIP of a no_accept MASTER must not answer\n" + rules);
        Assert.False(Connects(lab, 2, "2001:db8::200"), "the IPv6 VIP of a no_accept MASTER must not answer\n" + rules);

        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        Assert.DoesNotContain("keepalived", Ruleset(lab, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_of_a_killed_run_is_rebuilt_at_the_next_start_and_removed_at_its_stop()
    {
        RequireNft();
        using var lab = new TestLab(1);
        var a = Node.StartVigil(lab, 1, Config(global: "nftables vigil_test\nnftables_counters"));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        RulesetBecomes(lab, 1, r => r.Contains("192.0.2.200", StringComparison.Ordinal));
        a.Signal("KILL");
        a.WaitExit(Long);
        var left = Ruleset(lab, 1);
        Assert.Contains("table ip vigil_test", left, StringComparison.Ordinal);
        Assert.Contains("192.0.2.200", left, StringComparison.Ordinal);

        // The next run has another VIP: the killed run's element must not survive the rebuild.
        var b = Node.StartVigil(
            lab,
            1,
            Config(vips: "192.0.2.201/24", global: "nftables vigil_test\nnftables_counters", v6: false));
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var rules = RulesetBecomes(lab, 1, r => r.Contains("192.0.2.201", StringComparison.Ordinal));
        Assert.DoesNotContain("192.0.2.200", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("table ip6 vigil_test", rules, StringComparison.Ordinal);
        Assert.Contains("counter packets", rules, StringComparison.Ordinal);

        b.Signal("TERM");
        Assert.True(b.WaitExit(Long), b.Log);
        Assert.DoesNotContain("vigil_test", Ruleset(lab, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_master_for_a_higher_priority_peer_empties_the_drop_sets()
    {
        RequireNft();
        using var lab = new TestLab(2);
        var a = Node.StartVigil(lab, 1, Config());
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        RulesetBecomes(lab, 1, r => r.Contains("192.0.2.200", StringComparison.Ordinal));
        var b = Node.StartVigil(lab, 2, Config(priority: 200));
        a.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        a.WaitFor(@"\(VI_6\) Entering BACKUP STATE", Long);
        var rules = RulesetBecomes(
            lab,
            1,
            r => !r.Contains("192.0.2.200", StringComparison.Ordinal)
                && !r.Contains("2001:db8::200", StringComparison.Ordinal));
        foreach (var family in (string[])["ip", "ip6"])
        {
            Assert.DoesNotContain(
                "elements",
                Shell.Must("ip", "netns", "exec", lab.Host(1), "nft", "list", "set", family, "keepalived", "vips"),
                StringComparison.Ordinal);
        }

        Assert.Contains("table ip keepalived", rules, StringComparison.Ordinal);
        RulesetBecomes(lab, 2, r => r.Contains("192.0.2.200", StringComparison.Ordinal));
    }

    /// <summary>The same no_accept instance under keepalived 2.2.7 and under Vigil, each MASTER in its own namespace:
    /// `nft list ruleset` reads the same.</summary>
    [Fact]
    public void The_table_layout_is_keepalived_2_2_7s()
    {
        RequireNft();
        if (!File.Exists("/usr/sbin/keepalived"))
            Assert.Skip("needs keepalived 2.2.7 at /usr/sbin/keepalived");
        using var lab = new TestLab(2);
        var k = Node.StartKeepalived(lab, 2, Config(vrid: 52));
        var a = Node.StartVigil(lab, 1, Config(vrid: 51));
        foreach (var node in (Node[])[k, a])
        {
            node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
            node.WaitFor(@"\(VI_6\) Entering MASTER STATE", Long);
        }
        bool Full(string r) =>
            r.Contains("192.0.2.200", StringComparison.Ordinal)
                && r.Contains("2001:db8::200", StringComparison.Ordinal);
        var theirs = RulesetBecomes(lab, 2, Full);
        var ours = RulesetBecomes(lab, 1, Full);
        Assert.Equal(theirs, ours);
    }

    /// <summary>keepalived 2.2.7 and Vigil as strict peers of one VRID: whichever is MASTER drops the VIP, the other's
    /// set is empty, and the drop moves with the VIP both ways.</summary>
    [Fact]
    public void With_keepalived_as_strict_peer_the_drop_moves_with_the_vip_both_ways()
    {
        RequireNft();
        if (!File.Exists("/usr/sbin/keepalived"))
            Assert.Skip("needs keepalived 2.2.7 at /usr/sbin/keepalived");
        using var lab = new TestLab(2);
        bool Drops(string r) => r.Contains("192.0.2.200", StringComparison.Ordinal);
        var a = Node.StartVigil(lab, 1, Config(v6: false, priority: 150));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var k = Node.StartKeepalived(lab, 2, Config(v6: false));
        k.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        Assert.True(Drops(RulesetBecomes(lab, 1, Drops)));
        Assert.False(Drops(Ruleset(lab, 2)));

        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        var kMaster = k.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(Drops(RulesetBecomes(lab, 2, Drops)), k.Log);
        Assert.DoesNotContain("keepalived", Ruleset(lab, 1), StringComparison.Ordinal);

        var b = Node.StartVigil(lab, 1, Config(v6: false, priority: 150));
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        k.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long, from: kMaster.Index + 1);
        Assert.True(Drops(RulesetBecomes(lab, 1, Drops)));
        Assert.False(Drops(RulesetBecomes(lab, 2, r => !Drops(r))), k.Log);
    }

    /// <summary>Reloads (SIGHUP) of a MASTER: turning accept on removes the tables, turning no_accept back on drops
    /// again, a renamed table replaces the old one.</summary>
    [Fact]
    public void Reloads_follow_accept_mode_and_the_table_name()
    {
        RequireNft();
        using var lab = new TestLab(1);
        var a = Node.StartVigil(lab, 1, Config(v6: false));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        RulesetBecomes(lab, 1, r => r.Contains("192.0.2.200", StringComparison.Ordinal));

        File.WriteAllText(a.ConfigFile, Config(v6: false).Replace("vrrp_strict", "", StringComparison.Ordinal));
        a.Signal("HUP");
        var rules = RulesetBecomes(lab, 1, r => !r.Contains("keepalived", StringComparison.Ordinal));
        Assert.DoesNotContain("keepalived", rules, StringComparison.Ordinal);
        Assert.True(lab.HasAddress(1, "192.0.2.200"), a.Log);

        File.WriteAllText(a.ConfigFile, Config(v6: false, global: "nftables vigil_reload"));
        a.Signal("HUP");
        rules = RulesetBecomes(lab, 1, r => r.Contains("192.0.2.200", StringComparison.Ordinal));
        Assert.Contains("table ip vigil_reload", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("table ip keepalived", rules, StringComparison.Ordinal);
    }

    /// <summary>With <c>nftables_counters</c> and an IPv6 link-local VIP, keepalived 2.2.7 counts on every rule and
    /// adds <c>vips_link_local</c> with its rules; Vigil's listing reads the same, counter values aside.</summary>
    [Fact]
    public void With_counters_and_a_link_local_vip_the_table_layout_is_keepalived_2_2_7s()
    {
        RequireNft();
        if (!File.Exists("/usr/sbin/keepalived"))
            Assert.Skip("needs keepalived 2.2.7 at /usr/sbin/keepalived");
        using var lab = new TestLab(2);
        const string vips6 = "fe80::100/64\n2001:db8::200/64";
        var k = Node.StartKeepalived(lab, 2, Config(vrid: 52, global: "nftables_counters", vips6: vips6));
        var a = Node.StartVigil(lab, 1, Config(vrid: 51, global: "nftables_counters", vips6: vips6));
        foreach (var node in (Node[])[k, a])
        {
            node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
            node.WaitFor(@"\(VI_6\) Entering MASTER STATE", Long);
        }
        bool Full(string r) =>
            r.Contains("192.0.2.200", StringComparison.Ordinal)
                && r.Contains("fe80::100 . \"eth0\"", StringComparison.Ordinal);
        var theirs = CounterValues().Replace(RulesetBecomes(lab, 2, Full), "counter");
        var ours = CounterValues().Replace(RulesetBecomes(lab, 1, Full), "counter");
        Assert.Contains("ip6 daddr . iif @vips_link_local counter drop", ours, StringComparison.Ordinal);
        Assert.Equal(theirs, ours);
    }

    /// <summary>An IPv6 link-local VIP of a no_accept MASTER does not answer on its link, while the host's own
    /// link-local address does; the table goes at stop.</summary>
    [Fact]
    public void A_link_local_vip_is_dropped_on_its_interface()
    {
        RequireNft();
        using var lab = new TestLab(2);
        Listen(lab, 1);
        var own = lab.Ip(1, "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link").Split(
            ' ',
            StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(w => w != "inet6").Skip(1).First().Split('/')[0];
        var a = Node.StartVigil(lab, 1, Config(v6: true, vips6: "fe80::100/64\n2001:db8::200/64"));
        a.WaitFor(@"\(VI_6\) Entering MASTER STATE", Long);
        Assert.True(lab.AddressBecomes(1, "fe80::100", present: true), a.Log);
        var rules = RulesetBecomes(lab, 1, r => r.Contains("fe80::100 . \"eth0\"", StringComparison.Ordinal));
        Assert.Contains("fe80::100 . \"eth0\"", rules, StringComparison.Ordinal);

        Assert.True(ConnectsLinkLocal(lab, 2, own), "the host's own link-local address must answer\n" + rules);
        Assert.False(
            ConnectsLinkLocal(lab, 2, "fe80::100"),
            "the link-local VIP of a no_accept MASTER must not answer\n" + rules);

        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        Assert.DoesNotContain("keepalived", Ruleset(lab, 1), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"counter packets \d+ bytes \d+")]
    private static partial Regex CounterValues();
}
