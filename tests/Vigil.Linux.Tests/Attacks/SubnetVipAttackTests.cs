using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>Two instances with VIPs in one subnet on one host. When the instance holding the subnet's primary
/// address leaves MASTER, the kernel deletes the secondary (the other instance's VIP) with it unless
/// promote_secondaries is set. The other instance, still MASTER, must keep its VIP either way.</summary>
[Collection("Attacks")]
public sealed class SubnetVipAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private static readonly string[] Vips = ["198.51.100.1", "198.51.100.2"];

    private static string Conf(int p1, int p2, string extra = "") =>
        Configs.Global()
        + Configs.Instance(name: "VI_1", vrid: 51, priority: p1, vips: "198.51.100.1/24", extra: extra)
        + Configs.Instance(name: "VI_2", vrid: 52, priority: p2, vips: "198.51.100.2/24", extra: extra);

    /// <summary>Makes the instance whose VIP is the subnet's primary address leave MASTER on host 1; returns the
    /// VIP of the other instance (the secondary) and its instance name.</summary>
    private static (string Vip, string Instance, Node Node, int Mark) DemotePrimaryHolder(TestLab lab, string extra)
    {
        var a = Node.StartVigil(lab, 1, Conf(150, 150, extra));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        a.WaitFor(@"\(VI_2\) Entering MASTER STATE", Long);
        WaitUntil(() => Vips.All(v => lab.HasAddress(1, v)), "both VIPs on host 1");
        // The secondary is whichever VIP the kernel flags "secondary" (the one added second).
        var lines = lab.Ip(1, "-o", "-4", "addr", "show", "dev", "eth0").Split('\n');
        var secondaryIndex = Array.FindIndex(
            Vips,
            v => lines.Any(
                l => l.Contains($" {v}/24 ", StringComparison.Ordinal)
                    && l.Contains("secondary", StringComparison.Ordinal)));
        Assert.True(secondaryIndex >= 0, string.Join('\n', lines));
        var primaryIndex = 1 - secondaryIndex;
        var before = a.LineCount;
        // Host 2 preempts only the primary holder's instance.
        var b = Node.StartVigil(lab, 2, primaryIndex == 0 ? Conf(200, 100, extra) : Conf(100, 200, extra));
        var (mark, _) = a.WaitFor($@"\(VI_{primaryIndex + 1}\) Entering BACKUP STATE", Long, before);
        b.WaitFor($@"\(VI_{secondaryIndex + 1}\) Entering BACKUP STATE", Long);
        return (Vips[secondaryIndex], $"VI_{secondaryIndex + 1}", a, mark);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var end = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException($"waited 10 s for {what}");
            Thread.Sleep(50);
        }
    }

    [Fact]
    public void The_other_instances_vip_is_restored_when_the_kernel_deletes_it_with_the_primary()
    {
        using var lab = new TestLab(2);
        var (vip, instance, a, mark) = DemotePrimaryHolder(lab, "");

        // The kernel deleted it with the primary; the MASTER puts it back. Generous, condition-based wait.
        WaitUntil(() => lab.HasAddress(1, vip), $"{vip} back on host 1\n{a.Log}");
        Thread.Sleep(1000);
        Assert.True(lab.HasAddress(1, vip), a.Log);
        Assert.False(lab.HasAddress(2, vip));
        Assert.False(a.Has($@"\({instance}\) Entering BACKUP STATE", mark), a.Log);
        Assert.True(a.Has($@"\({instance}\) {vip}/24 was removed from eth0 while MASTER - adding it back"), a.Log);
    }

    [Fact]
    public void With_promote_secondaries_the_sysctl_is_set_and_the_vip_is_never_deleted()
    {
        using var lab = new TestLab(2);
        var (vip, instance, a, mark) = DemotePrimaryHolder(lab, "promote_secondaries");

        var sysctl = Shell.Must(
            "ip",
            "netns",
            "exec",
            lab.Host(1),
            "cat",
            "/proc/sys/net/ipv4/conf/eth0/promote_secondaries").Trim();
        Assert.Equal("1", sysctl);
        Thread.Sleep(1000);
        Assert.True(lab.HasAddress(1, vip), a.Log);
        Assert.False(a.Has("was removed from eth0 while MASTER"), a.Log);
        Assert.False(a.Has($@"\({instance}\) Entering BACKUP STATE", mark), a.Log);
    }
}
