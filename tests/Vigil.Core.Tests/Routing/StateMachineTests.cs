using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>The RFC 5798 state machine alone, with the RFC's arithmetic checked against hand-computed values.</summary>
public sealed class StateMachineTests
{
    private static readonly byte[] Higher = [192, 0, 2, 200];
    private static readonly byte[] Lower = [192, 0, 2, 1];
    private static MonotonicTime Ms(long ms) => MonotonicTime.FromMilliseconds(ms);

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Make(
        InstanceParameters p,
        int priority,
        bool faulted = false)
    {
        var actions = new RecordingActions();
        var machine = new VrrpInstanceMachine(p, actions);
        machine.Start(Ms(0), Priority.FromInt32(priority), faulted);
        return (machine, actions);
    }

    private static ReceivedAdvert Advert(byte priority, int intervalCs = 100, int versus = 1) =>
        new(new Priority(priority), VrrpWire.FromCentiseconds(intervalCs), versus, versus > 0 ? Higher : Lower);

    [Theory]
    [InlineData(2, 100, 100, 609_375, 3_609_375)] // v2: (256-100)/256 s
    [InlineData(2, 100, 254, 7_812, 3_007_812)]
    [InlineData(3, 100, 100, 609_375, 3_609_375)] // v3 at 1 s
    [InlineData(3, 50, 200, 109_375, 1_609_375)]  // v3 at 0.5 s: (56 * 0.5 s) / 256
    [InlineData(2, 300, 100, 609_375, 9_609_375)] // v2 skew ignores the interval
    public void Skew_time_and_master_down_interval_follow_rfc_5798(
        int version,
        int intervalCs,
        int priority,
        long skew,
        long down)
    {
        var (m, _) = Make(new InstanceParameters { Version = version,
            AdvertInterval = VrrpWire.FromCentiseconds(intervalCs), BasePriority = Priority.FromInt32(priority) },
            priority);
        Assert.Equal(TimeSpan.FromMicroseconds(skew), m.SkewTime);
        Assert.Equal(TimeSpan.FromMicroseconds(down), m.MasterDownInterval);
        Assert.Equal(Ms(0).AddMicroseconds(down), m.TimerDeadline);
    }

    [Fact]
    public void Startup_waits_a_full_master_down_interval_even_with_state_master()
    {
        var (m, a) = Make(new InstanceParameters { BasePriority = new(200), WantMaster = true }, 200);
        Assert.Equal(VrrpState.Backup, m.State);
        m.OnTimer(m.TimerDeadline.AddMicroseconds(-1));
        Assert.Equal(VrrpState.Backup, m.State);
        m.OnTimer(m.TimerDeadline);
        Assert.Equal(VrrpState.Master, m.State);
        // The advert goes out before the VIPs are installed, then the GARP burst.
        Assert.Equal(
            ["Init->Backup", "log ReceiveTimeout", "advert 200", "install", "announce 5", "Backup->Master"],
            a.Calls);
    }

    [Fact]
    public void A_late_periodic_advert_does_not_push_the_next_one_later()
    {
        var (m, a) = Make(new InstanceParameters { BasePriority = new(255), WantMaster = true }, 255);
        m.OnTimer(Ms(0));
        Assert.Equal(Ms(1000), m.TimerDeadline);
        // The loop got to the timer 2 ms late: the next advert is still due at 2 s, not 2.002 s.
        m.OnTimer(Ms(1002));
        Assert.Equal(Ms(2000), m.TimerDeadline);
        // A whole interval missed: no catch-up burst, the next place in the same phase after now.
        m.OnTimer(Ms(3500));
        Assert.Equal(Ms(4000), m.TimerDeadline);
        Assert.Equal(3, a.Calls.Count(c => c.StartsWith("advert", StringComparison.Ordinal)));
    }

    [Fact]
    public void Owner_becomes_master_at_once()
    {
        var (m, _) = Make(new InstanceParameters { BasePriority = new(255), WantMaster = true }, 255);
        m.OnTimer(Ms(0));
        Assert.Equal(VrrpState.Master, m.State);
    }

    [Fact]
    public void Startup_with_a_fault_reason_goes_to_fault_and_ignores_adverts()
    {
        var (m, a) = Make(new InstanceParameters(), 100, faulted: true);
        Assert.Equal(VrrpState.Fault, m.State);
        Assert.False(m.OnAdvert(Ms(5), Advert(200)));
        Assert.True(m.NextDeadline.IsNever);
        m.SetFault(Ms(10), false);
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.Equal(Ms(10).AddMicroseconds(3_609_375), m.TimerDeadline);
        Assert.Equal(["Init->Fault", "Fault->Backup"], a.Calls);
    }

    [Fact]
    public void Backup_accepts_higher_and_equal_adverts_and_restarts_its_timer()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), Advert(100, versus: -1));
        Assert.Equal(Ms(1000).AddMicroseconds(3_609_375), m.TimerDeadline);
        m.OnAdvert(Ms(2000), Advert(150));
        Assert.Equal(Ms(2000).AddMicroseconds(3_609_375), m.TimerDeadline);
        Assert.Equal(150, m.MasterPriority.Value);
    }

    [Fact]
    public void Backup_receiving_priority_zero_takes_over_after_skew_time()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), Advert(150));
        m.OnAdvert(Ms(1500), Advert(0));
        Assert.Equal(Ms(1500).AddMicroseconds(609_375), m.TimerDeadline);
        Assert.Equal(1, m.PriorityZeroReceived);
    }

    [Fact]
    public void Backup_with_fast_handover_takes_over_one_skew_after_a_lower_advert()
    {
        var (m, a) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), Advert(150));
        m.OnAdvert(Ms(2000), Advert(50));
        Assert.Equal(Ms(2000).AddMicroseconds(609_375), m.TimerDeadline);
        Assert.Contains("log ReceivedLowerPriorityDiscarding", a.Calls);
        // A second lower advert does not push the takeover later.
        m.OnAdvert(Ms(2300), Advert(50));
        Assert.Equal(Ms(2000).AddMicroseconds(609_375), m.TimerDeadline);
    }

    [Fact]
    public void Backup_without_fast_handover_keeps_its_running_timer_on_a_lower_advert()
    {
        var (m, _) = Make(new InstanceParameters { FastHandover = false }, 100);
        m.OnAdvert(Ms(1000), Advert(150));
        m.OnAdvert(Ms(2000), Advert(50));
        Assert.Equal(Ms(1000).AddMicroseconds(3_609_375), m.TimerDeadline);
    }

    [Fact]
    public void Nopreempt_backup_accepts_lower_priority_adverts()
    {
        var (m, _) = Make(new InstanceParameters { Preempt = false }, 100);
        m.OnAdvert(Ms(2000), Advert(50));
        Assert.Equal(Ms(2000).AddMicroseconds(3_609_375), m.TimerDeadline);
        Assert.Equal(50, m.MasterPriority.Value);
    }

    [Fact]
    public void Preempt_delay_accepts_lower_adverts_until_the_window_closes()
    {
        var (m, _) = Make(new InstanceParameters { PreemptDelay = TimeSpan.FromSeconds(5), FastHandover = false }, 100);
        m.OnAdvert(Ms(1000), Advert(50));
        Assert.Equal(Ms(6000), m.PreemptDelayUntil);
        m.OnAdvert(Ms(5000), Advert(50));
        Assert.Equal(Ms(5000).AddMicroseconds(3_609_375), m.TimerDeadline);
        m.OnAdvert(Ms(6000), Advert(50)); // window closed: discarded, timer keeps running
        Assert.Equal(Ms(5000).AddMicroseconds(3_609_375), m.TimerDeadline);
        m.OnAdvert(Ms(6500), Advert(150)); // a higher advert resets the window
        Assert.True(m.PreemptDelayUntil.IsNever);
    }

    [Fact]
    public void Priority_change_in_backup_rescales_the_running_timer()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        var before = m.TimerDeadline;
        m.SetEffectivePriority(Ms(100), new(200));
        // Skew goes from 156/256 s to 56/256 s: the deadline moves 100/256 s earlier.
        Assert.Equal(before.AddMicroseconds(-390_625), m.TimerDeadline);
    }

    private static (VrrpInstanceMachine, RecordingActions) Master(InstanceParameters p, int priority = 100)
    {
        var (m, a) = Make(p, priority);
        m.OnTimer(m.TimerDeadline);
        a.Calls.Clear();
        return (m, a);
    }

    [Fact]
    public void Master_advertises_every_interval()
    {
        var (m, a) = Master(new InstanceParameters { GarpMasterDelay = TimeSpan.Zero });
        var t = m.TimerDeadline;
        m.OnTimer(t);
        m.OnTimer(m.TimerDeadline);
        Assert.Equal(["advert 100", "advert 100"], a.Calls);
        Assert.Equal(t.AddMicroseconds(2_000_000), m.TimerDeadline);
    }

    [Fact]
    public void Master_sends_the_second_garp_burst_after_garp_master_delay_and_refreshes()
    {
        var (m, a) = Make(
            new InstanceParameters
            {
                GarpMasterRepeat = 3,
                GarpMasterDelay = TimeSpan.FromSeconds(5),
                GarpMasterRefresh = TimeSpan.FromSeconds(60),
                GarpMasterRefreshRepeat = 2
            },
            100);
        var became = m.TimerDeadline;
        m.OnTimer(became);
        Assert.Equal(became + TimeSpan.FromSeconds(5), m.GarpDelayDeadline);
        Assert.Equal(became + TimeSpan.FromSeconds(60), m.GarpRefreshDeadline);
        a.Calls.Clear();
        m.OnTimer(became + TimeSpan.FromSeconds(5));
        Assert.Contains("announce 3", a.Calls);
        m.OnTimer(became + TimeSpan.FromSeconds(60));
        Assert.Contains("announce 2", a.Calls);
        Assert.Equal(became + TimeSpan.FromSeconds(120), m.GarpRefreshDeadline);
    }

    [Fact]
    public void Master_answers_priority_zero_with_an_advert_at_once()
    {
        var (m, a) = Master(new InstanceParameters());
        m.OnAdvert(Ms(9000), Advert(0));
        Assert.Equal(["advert 100"], a.Calls);
        Assert.Equal(VrrpState.Master, m.State);
    }

    [Fact]
    public void Master_yields_to_higher_priority_without_a_priority_zero_advert()
    {
        var (m, a) = Master(new InstanceParameters());
        m.OnAdvert(Ms(9000), Advert(150));
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.Equal(["log MasterReceivedHigherPriority", "remove", "Master->Backup"], a.Calls);
        Assert.Equal(1, m.ReleaseMaster);
    }

    [Fact]
    public void Master_equal_priority_tie_break_by_primary_address()
    {
        var (m, a) = Master(new InstanceParameters());
        m.OnAdvert(Ms(9000), Advert(100, versus: -1)); // lower address: we stay, and force a new election
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(["log MasterReceivedLowerPriority", "advert 100", "announce 5"], a.Calls);
        m.OnAdvert(Ms(9100), Advert(100, versus: 1));
        Assert.Equal(VrrpState.Backup, m.State);
    }

    [Fact]
    public void Master_lower_priority_reply_can_be_silenced_with_lower_prio_no_advert()
    {
        var (m, a) = Master(new InstanceParameters { LowerPrioNoAdvert = true, GarpLowerPrioRepeat = 2 });
        m.OnAdvert(Ms(9000), Advert(50));
        Assert.Equal(["log MasterReceivedLowerPriority", "announce 2"], a.Calls);
    }

    [Fact]
    public void Demoted_master_advertises_at_once_with_fast_handover_only()
    {
        var (fast, a) = Master(new InstanceParameters());
        fast.SetEffectivePriority(Ms(9000), new(50));
        Assert.Equal(["advert 50"], a.Calls);

        var (slow, b) = Master(new InstanceParameters { FastHandover = false });
        slow.SetEffectivePriority(Ms(9000), new(50));
        Assert.Empty(b.Calls);
        slow.OnTimer(slow.TimerDeadline);
        Assert.Equal(["advert 50"], b.Calls);
    }

    [Fact]
    public void Fault_in_master_sends_priority_zero_and_removes_addresses()
    {
        var (m, a) = Master(new InstanceParameters());
        m.SetFault(Ms(9000), true);
        Assert.Equal(["advert 0", "remove", "Master->Fault"], a.Calls);
        Assert.Equal(1, m.PriorityZeroSent);
        Assert.True(m.NextDeadline.IsNever);
    }

    [Fact]
    public void Stop_resigns_a_master_with_priority_zero()
    {
        var (m, a) = Master(new InstanceParameters());
        m.Stop(Ms(9000));
        Assert.Equal(["advert 0", "remove", "Master->Stop"], a.Calls);
    }

    [Fact]
    public void V3_backup_adopts_the_master_interval_and_master_uses_its_own()
    {
        var (m, _) = Make(new InstanceParameters { Version = 3, AdvertInterval = VrrpWire.FromCentiseconds(100) },
            100);
        m.OnAdvert(Ms(1000), Advert(150, intervalCs: 50));
        Assert.Equal(50, VrrpWire.ToCentiseconds(m.MasterAdverInterval));
        Assert.Equal(Ms(1000).AddMicroseconds(1_500_000 + 304_687), m.TimerDeadline);
        m.OnTimer(m.TimerDeadline);
        Assert.Equal(100, VrrpWire.ToCentiseconds(m.MasterAdverInterval));
    }

    [Fact]
    public void Sync_group_can_hold_a_backup_whose_timer_expired()
    {
        var (m, a) = Make(new InstanceParameters(), 100);
        a.AllowMaster = false;
        var t = m.TimerDeadline;
        m.OnTimer(t);
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.True(m.WantsMaster);
        Assert.Equal(t.AddMicroseconds(3_609_375), m.TimerDeadline);
        m.ForceMaster(t.AddMicroseconds(10));
        Assert.Equal(VrrpState.Master, m.State);
    }

    [Fact]
    public void Reload_with_a_new_v2_interval_rescales_a_backup_timer()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), Advert(150));
        m.UpdateParameters(new InstanceParameters { AdvertInterval = VrrpWire.FromCentiseconds(200) }, Ms(1500));
        Assert.Equal(200, VrrpWire.ToCentiseconds(m.MasterAdverInterval));
        Assert.Equal(Ms(1000).AddMicroseconds(6_609_375), m.TimerDeadline);
    }

    [Fact]
    public void Lower_priority_reply_repeats_its_own_burst_after_garp_lower_prio_delay()
    {
        var (m, a) = Master(new InstanceParameters
        {
            GarpMasterDelay = TimeSpan.Zero,
            GarpLowerPrioRepeat = 2,
            GarpLowerPrioDelay = TimeSpan.FromSeconds(3)
        });
        m.OnAdvert(Ms(9000), Advert(50));
        Assert.Equal(Ms(12000), m.GarpDelayDeadline);
        a.Calls.Clear();
        m.OnTimer(Ms(12000));
        Assert.Equal(["announce 2"], a.Calls.Where(c => c.StartsWith("announce", StringComparison.Ordinal)));
    }
}
