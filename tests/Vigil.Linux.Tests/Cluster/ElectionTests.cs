using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>Two and three Vigil nodes, VRRPv3 at 100 ms adverts: election, crash and graceful failover.</summary>
public sealed class ElectionTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    /// <summary>Starts the higher-priority node first so its election does not race the other's start-up.</summary>
    internal static (Node A, Node B) Pair(TestLab lab, string extraA = "", string extraB = "")
    {
        var a = Node.StartVigil(lab, 1, Configs.Global() + Configs.Instance(priority: 150, extra: extraA));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var b = Node.StartVigil(lab, 2, Configs.Global() + Configs.Instance(priority: 100, extra: extraB));
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        return (a, b);
    }

    [Fact]
    public void Two_nodes_elect_the_higher_priority_and_a_backup_takes_over_after_kill_9()
    {
        using var lab = new TestLab(2);
        var (a, b) = Pair(lab);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), a.Log);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: false));
        Assert.False(b.Has("Entering MASTER STATE"), b.Log);

        a.Signal("KILL");
        a.WaitExit(Long);
        // Master_Down_Interval = 3 * 100 ms + (256 - 100) * 100 ms / 256 = 361 ms; allow one interval and scheduling.
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(lab.HasAddress(2, "198.51.100.1"), b.Log);
    }

    [Fact]
    public void Sigterm_hands_over_at_once_and_removes_the_vip()
    {
        using var lab = new TestLab(2);
        var (a, b) = Pair(lab);
        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        Assert.Equal(0, a.ExitCode);
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.False(lab.HasAddress(1, "198.51.100.1"), a.Log);
        Assert.True(lab.HasAddress(2, "198.51.100.1"), b.Log);
        Assert.False(File.Exists(a.PidFile));
        // With no script running, the stop does not wait out the script-kill grace period for nothing.
        Assert.DoesNotContain("Some scripts had not ended", a.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_instances_share_one_socket_per_interface_and_each_node_masters_one()
    {
        using var lab = new TestLab(2);
        string Both(int p1, int p2) => Configs.Global()
            + Configs.Instance(name: "VI_1", vrid: 51, priority: p1, vips: "198.51.100.1/24")
            + Configs.Instance(name: "VI_2", vrid: 52, priority: p2, vips: "198.51.100.2/24");
        var a = Node.StartVigil(lab, 1, Both(150, 100));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        a.WaitFor(@"\(VI_2\) Entering MASTER STATE", Long);
        var b = Node.StartVigil(lab, 2, Both(100, 150));
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        b.WaitFor(@"\(VI_2\) Entering MASTER STATE", Long);
        a.WaitFor(@"\(VI_2\) Entering BACKUP STATE", Long);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), a.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.2", present: false), a.Log);
        Assert.True(lab.AddressBecomes(2, "198.51.100.2", present: true), b.Log);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: false), b.Log);
    }
}
