using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>A third host floods the MASTER with lower-priority VRRPv3 adverts for one VRID. The master must answer
/// at most once per advert interval, so its loop keeps up and the instances nobody attacked (a v2 PASS instance
/// and a fast v3 one) never become dual-master.</summary>
[Collection("Attacks")]
public sealed class AdvertFloodAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    private static string Conf(int priority) =>
        Configs.Global()
        + Configs.Instance(name: "VI_1", vrid: 51, priority: priority, vips: "198.51.100.1/24")
        + Configs.Instance(name: "VI_2", vrid: 52, priority: priority, version: 2, advert: "1", vips: "198.51.100.2/24",
            extra: "authentication {\n auth_type PASS\n auth_pass s3cret\n }")
        + Configs.Instance(name: "VI_3", vrid: 53, priority: priority, vips: "198.51.100.3/24");

    [Fact]
    public void A_flood_of_lower_priority_adverts_leaves_no_dual_master_and_is_answered_once_per_interval()
    {
        using var lab = new TestLab(3);
        var master = Node.StartVigil(lab, 1, Conf(200));
        foreach (var vi in new[] { "VI_1", "VI_2", "VI_3" })
            master.WaitFor($@"\({vi}\) Entering MASTER STATE", Long);
        var backup = Node.StartVigil(lab, 2, Conf(100));
        foreach (var vi in new[] { "VI_1", "VI_2", "VI_3" })
            backup.WaitFor($@"\({vi}\) Entering BACKUP STATE", Long);
        Thread.Sleep(1000); // settled: the backup follows the master on every instance

        int masterMark = master.LineCount, backupMark = backup.LineCount;
        using var attacker = lab.Own(new AdvertInjector(lab, 3));
        var advert = attacker.V3(51, 50, 10, "198.51.100.1");
        // 30,000 adverts at about 10,000 a second (batches of 100 every 10 ms), for at most 20 s.
        attacker.Flood(advert, 30_000, 100, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(20));
        Thread.Sleep(2000);

        Assert.True(attacker.Sent >= 10_000, $"only {attacker.Sent} adverts sent");
        // The unattacked instances first: they are what the flood used to break.
        foreach (var vi in new[] { "VI_2", "VI_3", "VI_1" })
        {
            Assert.False(
                backup.Has($@"\({vi}\) Entering MASTER STATE", backupMark),
                $"{vi} went dual-master\n{backup.Log}");
            Assert.False(master.Has($@"\({vi}\) Entering BACKUP STATE", masterMark), $"{vi} left MASTER\n{master.Log}");
        }
        // Each answered advert logs one line; before the limit every advert was answered (one line each).
        var answered = master.Log.Split('\n').Skip(masterMark)
            .Count(
                l => l.Contains(
                    "(VI_1) Received advert from 192.0.2.13 with lower priority",
                    StringComparison.Ordinal));
        Assert.True(answered >= 1, master.Log);
        Assert.True(answered < attacker.Sent / 10, $"{answered} answers to {attacker.Sent} adverts");
        Assert.True(lab.HasAddress(1, "198.51.100.2"));
        Assert.False(lab.HasAddress(2, "198.51.100.2"));
    }
}
