using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>The state machine's part of a tracked route or rule deleted under a MASTER (keepalived 2.2.7, observed:
/// "Entering BACKUP STATE", "sent 0 priority", rules, routes and VIPs removed, MASTER again Skew_Time later).</summary>
public sealed class YieldMasterTests
{
    private static MonotonicTime Ms(long ms) => MonotonicTime.FromMilliseconds(ms);

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Master(int priority = 150)
    {
        var p = new InstanceParameters { Version = 2, AdvertInterval = VrrpWire.FromCentiseconds(100),
            BasePriority = Priority.FromInt32(priority) };
        var actions = new RecordingActions();
        var machine = new VrrpInstanceMachine(p, actions);
        machine.Start(Ms(0), Priority.FromInt32(priority), false);
        machine.OnTimer(machine.TimerDeadline);
        Assert.Equal(VrrpState.Master, machine.State);
        actions.Calls.Clear();
        return (machine, actions);
    }

    [Fact]
    public void A_master_sends_priority_0_removes_its_addresses_and_waits_only_skew_time()
    {
        var (m, a) = Master(150);
        var now = Ms(10_000);
        m.YieldMaster(now);
        Assert.Equal(["advert 0", "remove", "Master->Backup"], a.Calls);
        Assert.Equal(TransitionCause.TrackedEntryDeleted, m.LastCause);
        // Skew_Time of priority 150 (v2): (256 - 150) / 256 s.
        Assert.Equal(now.AddMicroseconds(106L * 1_000_000 / 256), m.TimerDeadline);
        a.Calls.Clear();
        m.OnTimer(m.TimerDeadline);
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Contains("install", a.Calls);
    }

    [Fact]
    public void A_backup_is_left_alone_unless_its_sync_group_just_moved_it()
    {
        var (m, a) = Master();
        m.YieldMaster(Ms(10_000));
        a.Calls.Clear();
        var deadline = m.TimerDeadline;
        m.YieldMaster(Ms(10_100));
        Assert.Empty(a.Calls);
        Assert.Equal(deadline, m.TimerDeadline);

        m.YieldMaster(Ms(10_100), groupMember: true);
        Assert.Equal(["advert 0"], a.Calls);
        Assert.Equal(Ms(10_100) + m.SkewTime, m.TimerDeadline);
    }
}
