using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

public sealed partial class VrrpInstanceMachine
{
    /// <summary>Runs every timer that is due at <paramref name="now"/>.</summary>
    public void OnTimer(MonotonicTime now)
    {
        if (GarpDelayDeadline <= now)
        {
            GarpDelayDeadline = MonotonicTime.Never;
            if (State == VrrpState.Master && _delayedBurstRepeat > 0)
            {
                _actions.Announce(_delayedBurstRepeat);
            }
        }

        if (GarpRefreshDeadline <= now)
        {
            if (State == VrrpState.Master && Parameters.GarpMasterRefresh > TimeSpan.Zero)
            {
                _actions.Announce(Math.Max(1, Parameters.GarpMasterRefreshRepeat));
                GarpRefreshDeadline = now + Parameters.GarpMasterRefresh;
            }
            else
            {
                GarpRefreshDeadline = MonotonicTime.Never;
            }
        }

        OnRogueTimer(now);
        if (TimerDeadline > now)
        {
            return;
        }

        switch (State)
        {
            case VrrpState.Backup:
                _actions.Log(now, VrrpLogEvent.ReceiveTimeout, default, EffectivePriority, default);
                WantsMaster = true;
                if (_actions.MayBecomeMaster(now))
                {
                    if (InSyncGroup)
                    {
                        // The owner brings the other members along first, then completes (CompleteSyncMaster).
                        SyncMasterPending = true;
                    }
                    else
                    {
                        GoMaster(now, TransitionCause.MasterDownTimerExpired);
                    }
                }
                else
                {
                    _actions.Log(now, VrrpLogEvent.SyncGroupHoldsMaster, default, EffectivePriority, default);
                    TimerDeadline = now.AddMicroseconds(MasterDownIntervalMicroseconds);
                }

                break;
            case VrrpState.Master:
                if (OtherMayHaveTakenOver(now))
                {
                    ForgetMaster();
                    LeaveMasterForBackup(now, TransitionCause.TimerExpiredBackup);
                }
                else
                {
                    // The next periodic advert is due one interval after this one was due, not after the moment the
                    // loop got to it: re-arming from "now" added the loop's lateness to every interval, and the
                    // adverts drifted (1.3 ms a second at 200 instances). Re-arming a late one from "now" was tried
                    // too, and it gathered every instance of a late batch at that batch's "now": 4,000 instances fell
                    // into one round and stayed there. So each keeps its phase; an advert late by a whole interval or
                    // more skips to its next place after now rather than send a catch-up burst. The phases are spread
                    // when instances become MASTER (SecondAdvertLeadMicroseconds).
                    var due = TimerDeadline;
                    SendAdvertOnly(now);
                    TimerDeadline = NextInPhase(due, now, AdvertIntervalMicroseconds);
                    CountAdvertForRogueCheck(now); // periodic adverts only, not answers to lower ones
                }

                break;
            default:
                TimerDeadline = MonotonicTime.Never;
                break;
        }
    }

    /// <summary>The first of <paramref name="due"/> + k intervals (k at least 1) that is after
    /// <paramref name="now"/>.</summary>
    internal static MonotonicTime NextInPhase(MonotonicTime due, MonotonicTime now, long intervalMicroseconds)
    {
        var next = due.AddMicroseconds(intervalMicroseconds);
        if (next > now || intervalMicroseconds <= 0)
        {
            return next;
        }

        long missed = (now.Microseconds - next.Microseconds) / intervalMicroseconds + 1;
        return next.AddMicroseconds(missed * intervalMicroseconds);
    }

    /// <summary>keepalived 2.4's <c>timer_expired_backup</c>: has our last advert been out for longer than the
    /// Master_Down_Interval of a router at the configured highest priority of the others?</summary>
    private bool OtherMayHaveTakenOver(MonotonicTime now)
    {
        if (Parameters.TimerExpiredBackup is not Priority highest || _lastAdvertSent.IsNever)
        {
            return false;
        }

        long skew = Parameters.Version == 3
            ? (256L - highest.Value) * Microseconds(MasterAdverInterval) / 256
            : (256L - highest.Value) * 1_000_000 / 256;
        long down = Parameters.DownTimerAdverts * Microseconds(MasterAdverInterval) + skew;
        return now.Microseconds - _lastAdvertSent.Microseconds >= down;
    }
}
