using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>A static address and route on a second interface (eth1) with <c>track_group G1</c>, G1 holding VI_1: the
/// same configuration run by keepalived 2.2.7 and by Vigil. eth1 down puts VI_1 in FAULT (and the kernel drops the
/// route); eth1 up brings VI_1 back to MASTER and the route back; a deleted static address is added back; a stop
/// leaves nothing.</summary>
public sealed class StaticTrackGroupTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    private const string Statics = """
        track_group G1 {
            group {
                VI_1
            }
        }
        static_ipaddress {
            192.0.2.200/32 dev eth1 track_group G1
        }
        static_routes {
            198.51.100.0/26 via 198.51.100.1 dev eth1 table 200 track_group G1
        }

        """;

    private static string Config() =>
        Configs.Global() +
        Statics +
        Configs.Instance(priority: 150, vips: "192.0.2.100/24", advert: "1", state: "MASTER");

    private static string Table200(TestLab lab) => lab.Ip(1, "route", "show", "table", "all", "proto", "keepalived");

    private static bool HasStaticAddress(TestLab lab) => lab.Addresses(1, "eth1").Contains("192.0.2.200/32");

    [Theory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void The_group_s_instance_follows_the_static_entries_interface_and_the_entries_come_back(string daemon)
    {
        if (daemon == "keepalived")
            Root.RequireKeepalived();
        using var lab = new TestLab(1);
        lab.Ip(1, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        lab.Ip(1, "addr", "add", "198.51.100.11/24", "dev", "eth1");
        lab.Ip(1, "link", "set", "eth1p", "up");
        lab.Ip(1, "link", "set", "eth1", "up");
        lab.WaitRunning(1, "eth1");

        var node = daemon == "vigil" ? Node.StartVigil(lab, 1, Config()) : Node.StartKeepalived(lab, 1, Config());
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(
            Poll.Until(
                () => Table200(lab).Contains(
                    "198.51.100.0/26 via 198.51.100.1 dev eth1 table 200",
                    StringComparison.Ordinal)),
            Table200(lab) + node.Log);
        Assert.True(Poll.Until(() => HasStaticAddress(lab)), node.Log);

        var mark = node.LineCount;
        lab.Ip(1, "link", "set", "eth1", "down");
        node.WaitFor(@"\(VI_1\) Entering FAULT STATE", Long, mark);
        Assert.False(lab.HasAddress(1, "192.0.2.100"), node.Log);

        mark = node.LineCount;
        lab.Ip(1, "link", "set", "eth1", "up");
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long, mark);
        Assert.True(
            Poll.Until(
                () => Table200(lab).Contains(
                    "198.51.100.0/26 via 198.51.100.1 dev eth1 table 200",
                    StringComparison.Ordinal)),
            Table200(lab) + node.Log);

        mark = node.LineCount;
        lab.Ip(1, "addr", "del", "192.0.2.200/32", "dev", "eth1");
        node.WaitFor("Restoring deleted static address 192.0.2.200", Long, mark);
        Assert.True(Poll.Until(() => HasStaticAddress(lab)), node.Log);

        node.Signal("TERM");
        Assert.True(node.WaitExit(Long), node.Log);
        Assert.True(
            Poll.Until(() => Table200(lab).Trim().Length == 0 && !HasStaticAddress(lab)),
            Table200(lab) + node.Log);
    }
}
