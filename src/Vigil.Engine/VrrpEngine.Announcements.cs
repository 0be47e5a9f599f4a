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

    /// <summary>The next paced announcement (garp_extra_if rounds are instance timers, in the timer heap).</summary>
    private MonotonicTime AnnounceDeadline() => _pacer.NextDeadline;

    // The delegate is made once: a method group converted on every timer round was an allocation per round.
    private Action<EngineEffect>? _emit;

    private void ServiceAnnouncements(MonotonicTime now) => _pacer.Release(now, _emit ??= Emit);

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
