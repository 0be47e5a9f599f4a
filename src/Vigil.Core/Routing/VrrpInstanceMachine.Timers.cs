using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

public sealed partial class VrrpInstanceMachine
{
    /// <summary>A periodic advert sent at most this late (2 ms) keeps its schedule; a later one starts a new one from
    /// when it was sent (see <see cref="OnTimer"/>). Well above a loop's wake-up lateness (about 0.2 ms loaded),
    /// well below the smallest interval (10 ms).</summary>
    private const long PhaseKeptWithinMicroseconds = 2_000;

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
                    // adverts drifted (1.3 ms a second at 200 instances). An advert sent more than 2 ms late
                    // re-arms from now instead (SendAdvertNow): instances that became MASTER together
                    // are all due together, and at 4,000 of them the last of each round left tens of ms late; now
                    // the round spreads itself out once, over the time it took, and each stays on time after that.
                    // A whole missed interval also restarts from now, rather than send a catch-up burst.
                    var due = TimerDeadline;
                    SendAdvertNow(now);
                    if (now.Microseconds - due.Microseconds <= PhaseKeptWithinMicroseconds)
                        TimerDeadline = due.AddMicroseconds(AdvertIntervalMicroseconds);
                    CountAdvertForRogueCheck(now); // periodic adverts only, not answers to lower ones
                }

                break;
            default:
                TimerDeadline = MonotonicTime.Never;
                break;
        }
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
