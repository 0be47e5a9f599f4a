using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>A third host sends lower-priority adverts for the VRID. Fast handover must react only to the master
/// the BACKUP follows, so no forged advert makes it take over.</summary>
[Collection("Attacks")]
public sealed class ForgedAdvertAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    // lower_prio_no_advert (RFC 9568; forced by strict_mode): the master does not answer the forged adverts, so
    // nothing but the backup's own judgement stands between a forged advert and a takeover. (A master that
    // answers resets the backup's timer at once, but it answers only once per advert interval.)
    //
    // advert_int 1: a forged advert that armed fast handover would still make the backup take over one Skew_Time
    // (0.61 s) later, before the master's next advert, so the test still catches that; but the master's own adverts
    // now have a Master_Down_Interval of 3.6 s to arrive in, not 0.36 s, so a loaded machine that holds the master
    // back for a few hundred milliseconds no longer looks like a takeover.
    private static string Conf(int priority) =>
        Configs.Global() + Configs.Instance(priority: priority, advert: "1", extra: "lower_prio_no_advert");

    [Fact]
    public void Forged_lower_priority_adverts_do_not_make_the_backup_take_over()
    {
        using var lab = new TestLab(3);
        var master = Node.StartVigil(lab, 1, Conf(200));
        master.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var backup = Node.StartVigil(lab, 2, Conf(100));
        backup.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        // At least one of the master's adverts reaches the backup before the attack, so it knows whom it follows.
        Thread.Sleep(1500);

        int backupMark = backup.LineCount, masterMark = master.LineCount;
        using var attacker = lab.Own(new AdvertInjector(lab, 3));
        // 50 forged adverts, 20 ms apart, priority 1 (below the backup): each one used to arm fast handover.
        attacker.Flood(
            attacker.V3(51, 1, 10, "198.51.100.1"),
            50,
            1,
            TimeSpan.FromMilliseconds(20),
            TimeSpan.FromSeconds(10));
        Thread.Sleep(1500);

        Assert.Equal(50, attacker.Sent);
        Assert.True(
            backup.Has(@"\(VI_1\) received lower priority \(1\) advert from 192.0.2.13", backupMark),
            backup.Log);
        Assert.False(backup.Has(@"\(VI_1\) Entering MASTER STATE", backupMark), backup.Log);
        Assert.False(master.Has(@"\(VI_1\) Entering BACKUP STATE", masterMark), master.Log);
        Assert.False(lab.HasAddress(2, "198.51.100.1"));
    }
}
