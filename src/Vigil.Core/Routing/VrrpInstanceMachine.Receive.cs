using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

public sealed partial class VrrpInstanceMachine
{
    /// <summary>A validated advert for this instance arrived. Returns false when the state ignores adverts
    /// (INIT, FAULT, STOP). Allocation-free: the hot path of a BACKUP.</summary>
    public bool OnAdvert(MonotonicTime now, in ReceivedAdvert advert)
    {
        if (State is not (VrrpState.Backup or VrrpState.Master))
        {
            return false;
        }

        AdvertsReceived++;
        if (advert.Priority.IsResign)
        {
            PriorityZeroReceived++;
        }

        if (State == VrrpState.Backup)
        {
            ReceiveInBackup(now, advert);
        }
        else
        {
            ReceiveInMaster(now, advert);
        }

        return true;
    }

    private void ReceiveInBackup(MonotonicTime now, in ReceivedAdvert advert)
    {
        if (advert.Priority.IsResign)
        {
            // RFC 5798 6.4.2: the master resigned; take over after Skew_Time.
            TimerDeadline = now.AddMicroseconds(SkewTimeMicroseconds);
            return;
        }

        if (AcceptsInBackup(now, advert.Priority, advert.Sender))
        {
            if (Parameters.Version == 3 && advert.Interval > TimeSpan.Zero)
            {
                MasterAdverInterval = advert.Interval;
            }

            RememberMaster(advert.Sender, advert.Priority);
            WantsMaster = false;
            TimerDeadline = now.AddMicroseconds(MasterDownIntervalMicroseconds);
            return;
        }

        // Preempting and the master is below us. keepalived keeps the running timer; Vigil's fast handover takes
        // over one Skew_Time later, as for priority 0, so the best backup wins first. Only the master we follow
        // can demote itself: a lower advert from any other address (a forged one, or a stray backup) must not
        // shorten the timer, or one packet could make this node MASTER. And only once per demotion, so a stream
        // of such adverts cannot keep re-arming it.
        _actions.Log(
            now,
            VrrpLogEvent.ReceivedLowerPriorityDiscarding,
            advert.Priority,
            EffectivePriority,
            advert.Sender);
        if (Parameters.FastHandover && !_fastHandoverArmed && IsFollowedMaster(advert.Sender))
        {
            _fastHandoverArmed = true;
            FastHandovers++;
            TimerDeadline = MonotonicTime.Min(TimerDeadline, now.AddMicroseconds(SkewTimeMicroseconds));
        }
    }

    /// <summary>True when <paramref name="sender"/> is the address whose adverts this BACKUP last accepted.</summary>
    private bool IsFollowedMaster(ReadOnlySpan<byte> sender) =>
        _masterAddressLength > 0 && sender.SequenceEqual(MasterAddress);

    private bool AcceptsInBackup(MonotonicTime now, Priority priority, ReadOnlySpan<byte> sender)
    {
        if (priority >= EffectivePriority)
        {
            PreemptDelayUntil = MonotonicTime.Never;
            return true;
        }

        if (!Parameters.Preempt)
        {
            return true;
        }

        if (Parameters.PreemptDelay > TimeSpan.Zero)
        {
            if (PreemptDelayUntil.IsNever)
            {
                PreemptDelayUntil = now + Parameters.PreemptDelay;
                _actions.Log(now, VrrpLogEvent.PreemptDelayStarted, priority, EffectivePriority, sender);
                return true;
            }

            return now < PreemptDelayUntil;
        }

        return false;
    }

    private void ReceiveInMaster(MonotonicTime now, in ReceivedAdvert advert)
    {
        if (advert.Priority.IsResign)
        {
            SendAdvertNow(now);
            return;
        }

        CheckRogueOwner(now, advert);
        var ours = EffectivePriority;
        if (advert.Priority == ours && advert.SenderVersusOurs == 0)
        {
            _actions.Log(now, VrrpLogEvent.EqualPriorityFromOwnAddress, advert.Priority, ours, advert.Sender);
            return;
        }

        var higher = advert.Priority > ours || (advert.Priority == ours && advert.SenderVersusOurs > 0);
        if (higher)
        {
            var equal = advert.Priority == ours;
            _actions.Log(
                now,
                equal
                    ? VrrpLogEvent.MasterReceivedEqualPriorityHigherAddress
                    : VrrpLogEvent.MasterReceivedHigherPriority,
                advert.Priority,
                ours,
                advert.Sender);
            if (Parameters.HigherPrioSendAdvert)
            {
                SendAdvertNow(now);
            }

            if (Parameters.Version == 3 && advert.Interval > TimeSpan.Zero)
            {
                MasterAdverInterval = advert.Interval;
            }

            RememberMaster(advert.Sender, advert.Priority);
            LeaveMasterForBackup(
                now,
                equal ? TransitionCause.EqualPriorityHigherAddress : TransitionCause.HigherPriorityAdvert);
            return;
        }

        // A lower advert forces a new election with an advert and a GARP burst, but at most once per advert
        // interval: a flood of them (hostile or a misconfigured peer) must not turn each packet into sends, ARPs,
        // a log line and a notify, which starved the daemon's loop and its other instances. The skipped answers
        // are counted; the first answer of each interval still goes out, so a real backup hears us in time.
        if (now < _lowerAnswerNotBefore)
        {
            LowerPriorityAnswersSuppressed++;
            return;
        }

        _lowerAnswerNotBefore = now.AddMicroseconds(AdvertIntervalMicroseconds);
        _actions.Log(now, VrrpLogEvent.MasterReceivedLowerPriority, advert.Priority, ours, advert.Sender);
        if (!Parameters.LowerPrioNoAdvert)
        {
            SendAdvertNow(now);
        }

        if (Parameters.GarpLowerPrioRepeat > 0)
        {
            _actions.Announce(Parameters.GarpLowerPrioRepeat);
            if (Parameters.GarpLowerPrioDelay > TimeSpan.Zero
                && now + Parameters.GarpLowerPrioDelay < GarpDelayDeadline)
            {
                _delayedBurstRepeat = Parameters.GarpLowerPrioRepeat;
                GarpDelayDeadline = now + Parameters.GarpLowerPrioDelay;
            }
        }
    }

    private void SendAdvertNow(MonotonicTime now)
    {
        SendAdvertOnly(now);
        TimerDeadline = now.AddMicroseconds(AdvertIntervalMicroseconds);
    }

    /// <summary>Sends and counts an advert without re-arming the timer (the caller re-arms it once).</summary>
    private void SendAdvertOnly(MonotonicTime now)
    {
        _actions.SendAdvert(EffectivePriority);
        AdvertsSent++;
        _lastAdvertSent = now;
    }
}
