using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>Rule options in the kernel, Vigil beside keepalived 2.2.7: the same <c>static_rules</c> and
/// <c>virtual_rules</c> run by each in turn in the same namespace must leave the same <c>ip rule show</c> (tos,
/// realms, goto, nop, l3mdev, uidrange, ipproto, sport, dport, suppress_prefixlength, suppress_ifgroup, tunnel-id,
/// a no_track rule's own protocol), and nothing of their own after a stop; a deleted tracked rule is recognised
/// by all of them.</summary>
public sealed class RuleOptionsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private const string Statics = """
        static_rules {
            from 198.51.100.0/26 table 100 preference 1000 tos 0x10 realms 3/4
            from 198.51.100.64/26 table 100 preference 1001 ipproto tcp sport 1000-2000 dport 22-23 uidrange 5-10 tunnel-id 7
            to 198.51.100.128/26 table 100 preference 1002 suppress_prefixlength 0 suppress_ifgroup 5
            from 198.51.100.192/26 preference 1003 goto 1004
            from 198.51.100.192/26 preference 1004 nop
            from 198.51.100.0/24 preference 1005 l3mdev
            from 2001:db8:100::/64 table 100 preference 1006 ipproto ipv6-icmp dsfield 8
            from 198.51.100.0/25 table 100 preference 1007 protocol 12 no_track
        }

        """;

    private const string Virtual = """
        virtual_rules {
            from 192.0.2.128/26 table 101 preference 1100 ipproto UDP dport 53-53 tos 8
            to 2001:db8:200::/64 table 101 preference 1101 uidrange 0-999 sport 1-1024
            from 192.0.2.192/26 preference 1102 type blackhole ipproto icmp
        }
        """;

    private static string Config() =>
        Configs.Global() + Statics + Configs.Instance(priority: 150, extra: Virtual, state: "MASTER", advert: "1");

    private static string Rules(TestLab lab) => lab.Ip(1, "-4", "rule", "show") + lab.Ip(1, "-6", "rule", "show");

    private static bool Complete(TestLab lab) =>
        Poll.Until(() => Rules(lab) is var r
            && r.Contains("1007:", StringComparison.Ordinal)
            && r.Contains("1006:", StringComparison.Ordinal)
            && r.Contains("1100:", StringComparison.Ordinal)
            && r.Contains("1101:", StringComparison.Ordinal)
            && r.Contains("1102:", StringComparison.Ordinal));

    /// <summary>What <paramref name="start"/> leaves in the kernel once MASTER; then stopped, with nothing of its own
    /// left.</summary>
    private static string Run(TestLab lab, Func<Node> start, string before)
    {
        var node = start();
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(Complete(lab), Rules(lab) + "\n---\n" + node.Log);
        Thread.Sleep(500); // anything late would show too
        var rules = Rules(lab);
        node.Signal("TERM");
        Assert.True(node.WaitExit(Long), node.Log);
        Assert.True(Poll.Until(() => Rules(lab) == before), Rules(lab) + "\n---\n" + node.Log);
        return rules;
    }

    [Fact]
    public void Rule_options_leave_the_rules_keepalived_2_2_7_leaves()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(1);
        var before = Rules(lab);
        var keepalived = Run(lab, () => lab.Own(Node.StartKeepalived(lab, 1, Config())), before);
        var vigil = Run(lab, () => lab.Own(Node.StartVigil(lab, 1, Config())), before);
        Assert.Equal(keepalived, vigil);
        Assert.Contains(
            "1001:\tfrom 198.51.100.64/26 uidrange 5-10 ipproto tcp sport 1000-2000 dport 22-23 tun_id 7 lookup 100 " +
            "proto keepalived",
            vigil);
        Assert.Contains("1005:\tfrom 198.51.100.0/24 lookup [l3mdev-table] proto keepalived", vigil);
        Assert.Contains("1007:\tfrom 198.51.100.0/25 lookup 100 proto bird", vigil); // protocol 12, RTPROT_BIRD
    }

    /// <summary>A tracked virtual rule deleted on a MASTER, found by its ports among rules that differ only in
    /// those, by keepalived 2.2.7 and Vigil alike: BACKUP, then MASTER again with the rule back.</summary>
    [Theory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void A_deleted_rule_is_recognised_by_its_options(string daemon)
    {
        if (daemon == "keepalived")
            Root.RequireKeepalived();
        using var lab = new TestLab(1);
        var node = lab.Own(
            daemon == "vigil" ? Node.StartVigil(lab, 1, Config()) : Node.StartKeepalived(lab, 1, Config()));
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(Complete(lab), Rules(lab) + "\n---\n" + node.Log);

        // Someone else's rule like ours but for another port: deleting it is no concern of the instance.
        lab.Ip(
            1, "rule", "add", "from", "192.0.2.128/26", "table", "101", "pref", "1100", "ipproto", "udp", "dport",
            "54", "tos", "8", "proto", "18");
        var mark = node.LineCount;
        lab.Ip(
            1, "rule", "del", "from", "192.0.2.128/26", "table", "101", "pref", "1100", "ipproto", "udp", "dport",
            "54", "tos", "8");
        Thread.Sleep(1500);
        Assert.False(node.Has("Entering BACKUP STATE", mark), node.Log);

        lab.Ip(
            1, "rule", "del", "from", "192.0.2.128/26", "table", "101", "pref", "1100", "ipproto", "udp", "dport",
            "53", "tos", "8");
        node.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long, mark);
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long, mark);
        Assert.True(
            Poll.Until(() => Rules(lab).Contains("dport 53 lookup 101", StringComparison.Ordinal)),
            Rules(lab) + node.Log);
    }
}
