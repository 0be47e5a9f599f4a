using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>
/// Two address owners (priority 255) for one VRID, as keepalived 2.4.3 handles them (observed): the normal tie-break
/// still decides (the lower address goes BACKUP), and both log a configuration error. The one that stays MASTER
/// checks that the other stopped: after two more of its own adverts it waits 1.2 advert intervals (the longer of
/// ours and the rogue's); an owner advert arriving in that window means the other does not back off, so this one
/// lowers itself to 254 and yields; otherwise it logs that the rogue stopped. A yielded owner is 255 again when it
/// next becomes MASTER.
/// </summary>
public sealed partial class VrrpInstanceMachine
{
    private int _rogueAdvertsToWait;
    private TimeSpan _rogueInterval;
    private MonotonicTime _rogueDeadline = MonotonicTime.Never;

    /// <summary>This owner yielded to another owner that kept advertising (its priority is 254 until it is
    /// MASTER).</summary>
    public bool OwnerYielded { get; private set; }

    /// <summary>Called by a MASTER for every advert; true when this owner just yielded (its priority is now
    /// 254).</summary>
    private void CheckRogueOwner(MonotonicTime now, in ReceivedAdvert advert)
    {
        if (!Parameters.IsAddressOwner || OwnerYielded || !advert.Priority.IsOwner || advert.SenderVersusOurs == 0)
        {
            return;
        }

        if (!_rogueDeadline.IsNever)
        {
            _actions.Log(now, VrrpLogEvent.RogueOwnerStillAdvertising, Priority.Owner, Priority.Owner, advert.Sender);
            EndRogueCheck();
            OwnerYielded = true;
            EffectivePriority = Priority.MaxNonOwner;
            return;
        }

        if (_rogueAdvertsToWait == 0)
        {
            _actions.Log(now, VrrpLogEvent.BothAddressOwners, Priority.Owner, Priority.Owner, advert.Sender);
            _rogueAdvertsToWait = 2;
            _rogueInterval = advert.Interval;
        }
    }

    /// <summary>After each of our periodic adverts as MASTER.</summary>
    private void CountAdvertForRogueCheck(MonotonicTime now)
    {
        if (_rogueAdvertsToWait > 0 && --_rogueAdvertsToWait == 0)
        {
            var longer = _rogueInterval > Parameters.AdvertInterval ? _rogueInterval : Parameters.AdvertInterval;
            long interval = Microseconds(longer);
            RogueDeadline = now.AddMicroseconds(interval * 12 / 10);
        }
    }

    private void OnRogueTimer(MonotonicTime now)
    {
        if (RogueDeadline <= now)
        {
            RogueDeadline = MonotonicTime.Never;
            _actions.Log(now, VrrpLogEvent.RogueOwnerStopped, default, EffectivePriority, default);
        }
    }

    private void EndRogueCheck()
    {
        _rogueAdvertsToWait = 0;
        RogueDeadline = MonotonicTime.Never;
    }

    private void RestoreOwnerPriority(MonotonicTime now)
    {
        if (OwnerYielded)
        {
            OwnerYielded = false;
            EffectivePriority = Priority.Owner;
            _actions.Log(now, VrrpLogEvent.OwnerPriorityRestored, default, Priority.Owner, default);
        }
    }

    private MonotonicTime RogueDeadline
    {
        get => _rogueDeadline;
        set
        {
            _rogueDeadline = value;
            UpdateNextDeadline();
        }
    }
}
