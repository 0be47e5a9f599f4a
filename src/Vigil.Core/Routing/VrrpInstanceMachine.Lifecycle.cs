using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

public sealed partial class VrrpInstanceMachine
{
    /// <summary>Leaves INIT: FAULT when a fault reason holds, else BACKUP with a full master-down timer (even with
    /// <c>state MASTER</c>); only an address owner that wants MASTER takes over at once.</summary>
    public void Start(MonotonicTime now, Priority effectivePriority, bool faulted)
    {
        if (State != VrrpState.Init)
        {
            return;
        }

        EffectivePriority = Parameters.IsAddressOwner ? Priority.Owner : effectivePriority;
        Faulted = faulted;
        MasterAdverInterval = Parameters.AdvertInterval;
        if (faulted)
        {
            Transition(VrrpState.Fault, TransitionCause.StartedFaulted, now);
            return;
        }

        EnterBackupAfterWait(now);
        Transition(
            VrrpState.Backup,
            OwnerStartsAtOnce ? TransitionCause.StartedAsOwner : TransitionCause.StartedAsBackup,
            now);
    }

    private bool OwnerStartsAtOnce => Parameters.IsAddressOwner && Parameters.WantMaster;

    private void EnterBackupAfterWait(MonotonicTime now)
    {
        MasterAdverInterval = Parameters.AdvertInterval;
        ForgetMaster();
        WantsMaster = false;
        PreemptDelayUntil = MonotonicTime.Never;
        // keepalived arms a 1 us timer for an owner so it becomes MASTER on the next turn of the loop.
        TimerDeadline = OwnerStartsAtOnce ? now : now.AddMicroseconds(MasterDownIntervalMicroseconds);
    }

    /// <summary>Tracker fault reasons appeared or cleared. A MASTER resigns with priority 0 and drops its VIPs;
    /// leaving FAULT always lands in BACKUP with a full master-down wait.</summary>
    public void SetFault(MonotonicTime now, bool faulted)
    {
        if (Faulted == faulted)
        {
            return;
        }

        Faulted = faulted;
        if (State is VrrpState.Init or VrrpState.Stop)
        {
            return;
        }

        if (faulted)
        {
            if (State == VrrpState.Master)
            {
                ResignMaster();
            }

            TimerDeadline = MonotonicTime.Never;
            WantsMaster = false;
            ForgetMaster();
            Transition(VrrpState.Fault, TransitionCause.FaultRaised, now);
        }
        else if (State == VrrpState.Fault)
        {
            EnterBackupAfterWait(now);
            Transition(VrrpState.Backup, TransitionCause.FaultCleared, now);
        }
    }

    /// <summary>Shutdown or removal at reload: a MASTER sends priority 0 and removes its VIPs; the state becomes
    /// STOP.</summary>
    public void Stop(MonotonicTime now)
    {
        if (State == VrrpState.Stop)
        {
            return;
        }

        if (State == VrrpState.Master)
        {
            ResignMaster();
        }

        TimerDeadline = MonotonicTime.Never;
        WantsMaster = false;
        Transition(VrrpState.Stop, TransitionCause.Stopped, now);
    }

    private void ResignMaster()
    {
        _actions.SendAdvert(Priority.Resign);
        AdvertsSent++;
        PriorityZeroSent++;
        EndRogueCheck();
        CancelGarps();
        _actions.RemoveAddresses();
        ReleaseMaster++;
        ForgetMaster();
    }

    private void CancelGarps()
    {
        GarpDelayDeadline = MonotonicTime.Never;
        GarpRefreshDeadline = MonotonicTime.Never;
    }

    /// <summary>RFC 5798 6.4.2 transition to MASTER: the advert goes out before the VIPs are added (the old master
    /// must drop them before our gratuitous ARPs), then a GARP burst, the delayed burst and the refresh.</summary>
    private void GoMaster(MonotonicTime now, TransitionCause cause)
    {
        MasterAdverInterval = Parameters.AdvertInterval;
        WantsMaster = false;
        PreemptDelayUntil = MonotonicTime.Never;
        ForgetMaster();
        RestoreOwnerPriority(now);
        MasterPriority = EffectivePriority;
        _actions.BecomingMaster();
        _actions.SendAdvert(EffectivePriority);
        AdvertsSent++;
        _lastAdvertSent = now;
        // Sending the second advert early is always safe (a backup only restarts its timer sooner); sending it late
        // is not, so the owner's lead is clamped to at most three quarters of the interval.
        long interval = AdvertIntervalMicroseconds;
        long lead = Math.Clamp(_actions.SecondAdvertLeadMicroseconds(now, interval), 0, interval * 3 / 4);
        TimerDeadline = now.AddMicroseconds(interval - lead);
        BecomeMaster++;
        _actions.InstallAddresses();
        if (Parameters.GarpMasterRepeat > 0)
        {
            _actions.Announce(Parameters.GarpMasterRepeat);
        }

        _delayedBurstRepeat = Parameters.GarpMasterRepeat;
        GarpDelayDeadline = Parameters.GarpMasterDelay > TimeSpan.Zero
            ? now + Parameters.GarpMasterDelay
            : MonotonicTime.Never;
        GarpRefreshDeadline = Parameters.GarpMasterRefresh > TimeSpan.Zero
            ? now + Parameters.GarpMasterRefresh
            : MonotonicTime.Never;
        Transition(VrrpState.Master, cause, now);
    }

    private void LeaveMasterForBackup(MonotonicTime now, TransitionCause cause)
    {
        EndRogueCheck();
        CancelGarps();
        _actions.RemoveAddresses();
        ReleaseMaster++;
        WantsMaster = false;
        TimerDeadline = now.AddMicroseconds(MasterDownIntervalMicroseconds);
        Transition(VrrpState.Backup, cause, now);
    }

    /// <summary>Set by the owner while the instance belongs to a sync group: a master-down timer that may go MASTER
    /// then waits (<see cref="SyncMasterPending"/>) for the owner to move the group.</summary>
    public bool InSyncGroup { get; set; }

    /// <summary>The master-down timer expired and the group allows MASTER: the owner, after this step, forces the
    /// other members to MASTER and then calls <see cref="CompleteSyncMaster"/>.</summary>
    public bool SyncMasterPending { get; private set; }

    /// <summary>Sync group: the other members have gone MASTER; this member, whose timer expired, goes now.</summary>
    public void CompleteSyncMaster(MonotonicTime now)
    {
        if (!SyncMasterPending)
        {
            return;
        }

        SyncMasterPending = false;
        if (State == VrrpState.Backup)
        {
            GoMaster(now, TransitionCause.MasterDownTimerExpired);
        }
    }

    /// <summary>Sync group: every member wants MASTER, so this BACKUP member goes too.</summary>
    public void ForceMaster(MonotonicTime now)
    {
        if (State == VrrpState.Backup && !Faulted)
        {
            GoMaster(now, TransitionCause.SyncGroupMaster);
        }
    }

    /// <summary>Someone deleted a tracked virtual route or rule while this instance was MASTER. keepalived 2.2.7
    /// (observed) then leaves MASTER as at shutdown (priority 0 sent, rules, routes and VIPs removed) but waits only
    /// Skew_Time in BACKUP: with no better router it is MASTER again a moment later with everything re-installed,
    /// and a peer that heard the priority 0 may take over instead. A sync-group member that the group moved to
    /// BACKUP an instant ago (<paramref name="groupMember"/>) sends its priority 0 and takes the short wait
    /// too.</summary>
    public void YieldMaster(MonotonicTime now, bool groupMember = false)
    {
        if (State == VrrpState.Master)
        {
            ResignMaster();
            WantsMaster = false;
            TimerDeadline = now.AddMicroseconds(SkewTimeMicroseconds);
            Transition(VrrpState.Backup, TransitionCause.TrackedEntryDeleted, now);
        }
        else if (groupMember && State == VrrpState.Backup && !Faulted)
        {
            _actions.SendAdvert(Priority.Resign);
            AdvertsSent++;
            PriorityZeroSent++;
            WantsMaster = false;
            TimerDeadline = now.AddMicroseconds(SkewTimeMicroseconds);
        }
    }

    /// <summary>Sync group: another member dropped to BACKUP, so a MASTER member follows.</summary>
    public void ForceBackup(MonotonicTime now)
    {
        if (State == VrrpState.Master)
        {
            ForgetMaster();
            LeaveMasterForBackup(now, TransitionCause.SyncGroupBackup);
        }
        else if (State == VrrpState.Backup)
        {
            WantsMaster = false;
        }
    }
}
