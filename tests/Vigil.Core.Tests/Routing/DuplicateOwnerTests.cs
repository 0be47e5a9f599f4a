using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>Two address owners for one VRID, as observed with keepalived 2.4.3 on one segment: the one with the
/// lower address logs "CONFIGURATION ERROR: local instance and B are both configured as address owner, please
/// resolve" and "Master received advert from B with same priority 255 but higher IP address than ours" and enters
/// BACKUP; the other logs the same error and "Received advert from A with lower priority 255, ours 255, forcing new
/// election", stays MASTER, and about 3 s later (advert_int 1) "(VI_1): rogue address owner appears to have
/// stopped advertising".</summary>
public sealed class DuplicateOwnerTests
{
    private static readonly byte[] Higher = [192, 0, 2, 200];
    private static readonly byte[] Lower = [192, 0, 2, 1];
    private static MonotonicTime Ms(long ms) => MonotonicTime.FromMilliseconds(ms);

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Owner()
    {
        var actions = new RecordingActions();
        var m = new VrrpInstanceMachine(new InstanceParameters { BasePriority = new(255), WantMaster = true },
            actions);
        m.Start(Ms(0), Priority.Owner, false);
        m.OnTimer(Ms(0));
        Assert.Equal(VrrpState.Master, m.State);
        actions.Calls.Clear();
        return (m, actions);
    }

    private static List<string> Logs(RecordingActions a) =>
        a.Calls.Where(c => c.StartsWith("log", StringComparison.Ordinal)).ToList();

    /// <summary>Runs the machine's timers up to <paramref name="end"/>.</summary>
    private static void RunUntil(VrrpInstanceMachine m, MonotonicTime end)
    {
        while (m.NextDeadline <= end)
            m.OnTimer(m.NextDeadline);
    }

    [Fact]
    public void The_owner_with_the_lower_address_reports_the_conflict_and_becomes_backup()
    {
        var (m, a) = Owner();
        m.OnAdvert(Ms(100), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), 1, Higher));
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.Equal(["log BothAddressOwners", "log MasterReceivedEqualPriorityHigherAddress"], Logs(a));
    }

    [Fact]
    public void The_owner_that_stays_master_reports_when_the_rogue_has_stopped()
    {
        var (m, a) = Owner();
        m.OnAdvert(Ms(100), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(["log BothAddressOwners", "log MasterReceivedLowerPriority"], Logs(a));
        a.Calls.Clear();
        // The answer at 0.1 s restarts the advert timer; two more adverts (1.1 s, 2.1 s), then 1.2 s: 3.3 s.
        RunUntil(m, Ms(3299));
        Assert.Empty(Logs(a));
        RunUntil(m, Ms(3300));
        Assert.Equal(["log RogueOwnerStopped"], Logs(a));
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(255, m.EffectivePriority.Value);
    }

    [Fact]
    public void An_owner_whose_rogue_keeps_advertising_yields_at_254_and_is_owner_again_as_master()
    {
        var (m, a) = Owner();
        m.OnAdvert(Ms(100), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        RunUntil(m, Ms(2500));
        a.Calls.Clear();
        // Within the check: it does not back off.
        m.OnAdvert(Ms(2600), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        Assert.Equal(["log RogueOwnerStillAdvertising", "log MasterReceivedHigherPriority"], Logs(a));
        Assert.Equal(VrrpState.Backup, m.State);
        Assert.True(m.OwnerYielded);
        Assert.Equal(254, m.EffectivePriority.Value);
        // Following the rogue: the Master_Down_Interval of priority 254.
        m.OnAdvert(Ms(3600), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        Assert.Equal(Ms(3600).AddMicroseconds(3_000_000 + 2 * 1_000_000 / 256), m.TimerDeadline);
        a.Calls.Clear();
        m.OnTimer(m.TimerDeadline); // the rogue went silent
        Assert.Equal(VrrpState.Master, m.State);
        Assert.False(m.OwnerYielded);
        Assert.Contains("log OwnerPriorityRestored", a.Calls);
        Assert.Contains("advert 255", a.Calls);
    }

    [Fact]
    public void Adverts_of_the_rogue_before_the_check_starts_change_nothing()
    {
        var (m, a) = Owner();
        m.OnAdvert(Ms(100), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        m.OnAdvert(Ms(600), new ReceivedAdvert(Priority.Owner, VrrpWire.FromCentiseconds(100), -1, Lower));
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Single(Logs(a), "log BothAddressOwners");
    }
}
