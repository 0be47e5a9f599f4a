using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    private readonly AnnouncePacer pacer = new();

    /// <summary>Gratuitous ARPs and NAs waiting for their interface's vrrp_garp_interval / vrrp_gna_interval.</summary>
    public int AnnouncementsQueued => pacer.Queued;

    /// <summary>Every GARP/NA goes through here: out at once, or queued behind its interface's gap.</summary>
    internal void EmitAnnounce(Announce announce)
    {
        if (pacer.Queue(announce, lastSeen))
        {
            Touch();
        }
        else
        {
            Emit(announce);
        }
    }

    /// <summary>The next paced announcement or garp_extra_if round.</summary>
    private MonotonicTime AnnounceDeadline()
    {
        var next = pacer.NextDeadline;
        foreach (var instance in instances)
        {
            next = MonotonicTime.Min(next, instance.ExtraIfDeadline);
        }

        return next;
    }

    private void ServiceAnnouncements(MonotonicTime now)
    {
        foreach (var instance in instances)
        {
            if (instance.ExtraIfDeadline <= now)
            {
                instance.AnnounceExtraInterfaces(now);
            }
        }

        pacer.Release(now, Emit);
    }

    /// <summary>A transition or a restored VIP happened at <paramref name="now"/>: what it queued is due from then,
    /// never earlier (inputs other than timers and adverts do not move <see cref="lastSeen"/>).</summary>
    internal void NoteAnnounceTime(MonotonicTime now)
    {
        if (now > lastSeen)
        {
            lastSeen = now;
        }

        pacer.Stamp(now);
        Touch();
    }

    /// <summary>An instance left MASTER: nothing it queued is sent any more.</summary>
    internal void CancelAnnouncements(string instance) => pacer.Cancel(instance);
}
