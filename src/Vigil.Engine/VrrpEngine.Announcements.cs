using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    private readonly AnnouncePacer _pacer = new();

    /// <summary>Gratuitous ARPs and NAs waiting for their interface's vrrp_garp_interval / vrrp_gna_interval.</summary>
    public int AnnouncementsQueued => _pacer.Queued;

    /// <summary>Every GARP/NA goes through here: out at once, or queued behind its interface's gap.</summary>
    internal void EmitAnnounce(Announce announce)
    {
        if (_pacer.Queue(announce, _lastSeen))
        {
            Touch();
        }
        else
        {
            Emit(announce);
        }
    }

    /// <summary>Instances with a garp_extra_if round ahead: few or none, so the timers look at them alone.</summary>
    private readonly HashSet<InstanceRuntime> _extraIfScheduled = [];
    private readonly List<InstanceRuntime> _extraIfDue = [];

    internal void ExtraIfRescheduled(InstanceRuntime instance)
    {
        if (instance.ExtraIfDeadline.IsNever)
        {
            _extraIfScheduled.Remove(instance);
        }
        else
        {
            _extraIfScheduled.Add(instance);
        }
    }

    /// <summary>The next paced announcement or garp_extra_if round.</summary>
    private MonotonicTime AnnounceDeadline()
    {
        var next = _pacer.NextDeadline;
        foreach (var instance in _extraIfScheduled)
        {
            next = MonotonicTime.Min(next, instance.ExtraIfDeadline);
        }

        return next;
    }

    private void ServiceAnnouncements(MonotonicTime now)
    {
        if (_extraIfScheduled.Count > 0)
        {
            // In configuration order, as before; a round reschedules its instance, so walk a copy.
            _extraIfDue.Clear();
            _extraIfDue.AddRange(_extraIfScheduled.Where(i => i.ExtraIfDeadline <= now));
            _extraIfDue.Sort(static (a, b) => a.Order.CompareTo(b.Order));
            foreach (var instance in _extraIfDue)
            {
                if (instance.Order < 0)
                {
                    _extraIfScheduled.Remove(instance); // a reload removed it
                }
                else
                {
                    instance.AnnounceExtraInterfaces(now);
                }
            }
        }

        _pacer.Release(now, Emit);
    }

    /// <summary>A transition or a restored VIP happened at <paramref name="now"/>: what it queued is due from then,
    /// never earlier (inputs other than timers and adverts do not move <see cref="lastSeen"/>).</summary>
    internal void NoteAnnounceTime(MonotonicTime now)
    {
        if (now > _lastSeen)
        {
            _lastSeen = now;
        }

        _pacer.Stamp(now);
        Touch();
    }

    /// <summary>An instance left MASTER: nothing it queued is sent any more.</summary>
    internal void CancelAnnouncements(string instance) => _pacer.Cancel(instance);
}
