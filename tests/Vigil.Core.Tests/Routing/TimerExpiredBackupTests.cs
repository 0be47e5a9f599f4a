using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>keepalived 2.4's <c>timer_expired_backup</c>, as observed with 2.4.3 (nopreempt, advert_int 1,
/// highest other priority 200): a MASTER whose process was stopped for 5 s logs "Entering BACKUP STATE" and
/// removes its VIPs when it runs again, without sending, then takes over again after its own master-down timer
/// when nobody else advertises.</summary>
public sealed class TimerExpiredBackupTests
{
    private static MonotonicTime Ms(long ms) => MonotonicTime.FromMilliseconds(ms);

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Master(
        int? highest,
        int version = 2,
        int intervalCs = 100)
    {
        var p = new InstanceParameters
        {
            Version = version,
            AdvertInterval = VrrpWire.FromCentiseconds(intervalCs),
            BasePriority = new(100),
            Preempt = false,
            TimerExpiredBackup = highest is int h ? Priority.FromInt32(h) : null,
        };
        var actions = new RecordingActions();
        var machine = new VrrpInstanceMachine(p, actions);
        machine.Start(Ms(0), new(100), false);
        machine.OnTimer(machine.TimerDeadline);
        Assert.Equal(VrrpState.Master, machine.State);
        actions.Calls.Clear();
        return (machine, actions);
    }

    [Fact]
    public void A_late_timer_beyond_the_other_routers_master_down_interval_reverts_to_backup_without_an_advert()
    {
        var (m, a) = Master(200);
        var lastSent = m.TimerDeadline.AddMicroseconds(-1_000_000);
        // Master_Down_Interval of a priority-200 v2 router: 3 s + 56/256 s = 3.21875 s after our last advert.
        m.OnTimer(lastSent.AddMicroseconds(3_218_875));
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.Equal(TransitionCause.TimerExpiredBackup, m.LastCause);
        Assert.DoesNotContain(a.Calls, c => c.StartsWith("advert", StringComparison.Ordinal));
        Assert.Contains("remove", a.Calls);
        // As a BACKUP it waits its own Master_Down_Interval, then (nobody advertising) becomes MASTER again.
        m.OnTimer(m.TimerDeadline);
        Assert.Equal(VrrpState.Master, m.State);
    }

    [Fact]
    public void A_timer_late_by_less_than_that_interval_still_sends()
    {
        var (m, a) = Master(200);
        var lastSent = m.TimerDeadline.AddMicroseconds(-1_000_000);
        m.OnTimer(lastSent.AddMicroseconds(3_218_000));
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(["advert 100"], a.Calls);
    }

    [Fact]
    public void Without_the_option_a_late_master_just_sends()
    {
        var (m, a) = Master(null);
        m.OnTimer(m.TimerDeadline.AddMicroseconds(60_000_000));
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(["advert 100"], a.Calls.Where(c => !c.StartsWith("announce", StringComparison.Ordinal)));
    }

    [Fact]
    public void Version_3_uses_the_advert_interval_in_the_skew()
    {
        // v3 at 0.5 s, highest 254: 3 * 0.5 s + (2 * 0.5 s) / 256 = 1.50390625 s.
        var (m, _) = Master(254, version: 3, intervalCs: 50);
        var lastSent = m.TimerDeadline.AddMicroseconds(-500_000);
        m.OnTimer(lastSent.AddMicroseconds(1_503_906)); // the skew truncated to whole microseconds
        Assert.Equal(VrrpState.Backup, m.State);
    }
}
