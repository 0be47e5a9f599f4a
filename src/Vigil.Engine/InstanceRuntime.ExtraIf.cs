using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    /// <summary>The next garp_extra_if round (Never unless MASTER with the feature on).</summary>
    public MonotonicTime ExtraIfDeadline
    {
        get => _extraIfDeadline;
        private set
        {
            _extraIfDeadline = value;
            _engine.InstanceDeadlineMoved(this);
        }
    }

    private MonotonicTime _extraIfDeadline = MonotonicTime.Never;

    /// <summary>garp_extra_if's period, from the instance or vrrp_garp_extra_if; zero when off. Without `all`
    /// keepalived sends only on VMAC interfaces, which Vigil does not create: then the feature has nothing to
    /// send.</summary>
    private TimeSpan ExtraIfPeriod
    {
        get
        {
            var seconds = Config.GarpExtraIfSeconds ?? _engine.Globals.GarpExtraIfSeconds;
            var all = Config.GarpExtraIfSeconds is null ? _engine.Globals.GarpExtraIfAll : Config.GarpExtraIfAll;
            return seconds > 0 && all && ExtraInterfaceVips().Any() ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        }
    }

    /// <summary>The first VIP (then excluded VIP) on each interface other than the instance's own.</summary>
    private IEnumerable<Model.VirtualAddress> ExtraInterfaceVips() =>
        Vips.Concat(ExcludedVips).Where(v => v.Interface != Interface).DistinctBy(v => v.Interface);

    /// <summary>As keepalived: the first round comes garp_master_delay plus one period after entering MASTER, then one
    /// every period; leaving MASTER stops the rounds and drops queued announcements.</summary>
    private void TrackAnnouncementsOnTransition(VrrpState from, VrrpState to, MonotonicTime now)
    {
        _engine.NoteAnnounceTime(now);
        if (to == VrrpState.Master && ExtraIfPeriod is { } period && period > TimeSpan.Zero)
        {
            ExtraIfDeadline = now + TimeSpan.FromMilliseconds(Config.GarpMasterDelayMs) + period;
        }
        else if (to != VrrpState.Master)
        {
            ExtraIfDeadline = MonotonicTime.Never;
            if (from == VrrpState.Master)
            {
                _engine.CancelAnnouncements(Name);
            }
        }
    }

    public void AnnounceExtraInterfaces(MonotonicTime now)
    {
        var period = ExtraIfPeriod;
        ExtraIfDeadline = State == VrrpState.Master && period > TimeSpan.Zero ? now + period : MonotonicTime.Never;
        if (State != VrrpState.Master)
        {
            return;
        }

        foreach (var vip in ExtraInterfaceVips())
        {
            _engine.EmitAnnounce(new Effects.Announce(Name, vip.Interface, vip.Address, FamilyOf(vip.Address)));
        }
    }
}
