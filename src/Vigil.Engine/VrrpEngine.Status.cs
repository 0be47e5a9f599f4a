using System.Net;
using Vigil.Core.Primitives;
using Vigil.Core.Routing;
using Vigil.Core.Tracking;
using Vigil.Engine.Status;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>A snapshot of every instance, script and sync group (for status, --explain, metrics, dumps).</summary>
    public EngineStatus GetStatus() => Status(withInstances: true);

    /// <summary>The same without the instances (an empty list): scripts, groups, processes and the engine's
    /// counters, for a caller that takes the instances' figures apart (<see cref="CopyFigures"/>).</summary>
    public EngineStatus GetSummary() => Status(withInstances: false);

    private EngineStatus Status(bool withInstances) => new(
        withInstances ? _instances.Select(InstanceSnapshot).ToArray() : [],
        _scripts.Values.Select(ScriptSnapshot).ToArray(),
        _groups.Select(g => new SyncGroupStatus(g.Name, g.Group.State, g.Members.Select(m => m.Name).ToArray()))
            .ToArray(),
        ConfigLoadedAt,
        IsStopped)
    {
        Processes = _tracking.Processes.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ProcessTrackerStatus(
                p.Key,
                p.Value.Up,
                p.Value.Count,
                p.Value.Quorum,
                p.Value.QuorumMax == int.MaxValue ? null : p.Value.QuorumMax,
                (int)(p.Value.ForkDelayUs / 1000), (int)(p.Value.TerminateDelayUs / 1000),
                p.Value.PendingUntil.IsNever ? null : p.Value.PendingUntil)).ToArray(),
        InvariantViolations = InvariantViolations,
        RouteFailures = RouteFailures,
        RouteDeletions = TrackedRouteDeletions,
        StaticRoutes = _staticRoutes.Select(x => x.ToString()).ToArray(),
        StaticRules = _staticRules.Select(x => x.ToString()).ToArray(),
        StaticAddresses = _staticAddresses.Select(x => x.ToString()).ToArray(),
    };

    /// <summary>The figures <c>/metrics</c> shows of every instance, copied into <paramref name="into"/> (grown when
    /// too small, its tracker arrays reused), so that a scrape allocates nothing per instance. Returns how many
    /// entries are filled; the entries after them are cleared.</summary>
    public int CopyFigures(ref InstanceFigures[] into)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (into.Length < _instances.Count)
            Array.Resize(ref into, _instances.Count);
        for (var i = 0; i < _instances.Count; i++)
            Fill(ref into[i], _instances[i]);
        Array.Clear(into, _instances.Count, into.Length - _instances.Count);
        return _instances.Count;
    }

    private static void Fill(ref InstanceFigures f, InstanceRuntime r)
    {
        var m = r.Machine;
        f.Name = r.Name;
        f.Interface = r.Interface;
        f.Vrid = (byte)r.Config.Vrid;
        f.State = m.State;
        f.BasePriority = r.Tracking.BasePriority.Value;
        f.EffectivePriority = AdvertisedPriority(r);
        f.LastTransitionAt = m.LastTransitionAt;
        f.AdvertsReceived = m.AdvertsReceived;
        f.AdvertsSent = m.AdvertsSent;
        f.BecomeMaster = m.BecomeMaster;
        f.ReleaseMaster = m.ReleaseMaster;
        f.PriorityZeroReceived = m.PriorityZeroReceived;
        f.PriorityZeroSent = m.PriorityZeroSent;
        f.LowerPriorityAnswersSuppressed = m.LowerPriorityAnswersSuppressed;
        f.FastHandovers = m.FastHandovers;
        f.VipsRestored = r.VipsRestored;
        f.LogLinesSuppressed = r.LogLinesSuppressed;
        f.AuthHmacVerified = r.HmacVerified;
        f.AuthHmacUnsignedAccepted = r.HmacUnsignedAccepted;
        f.Dropped = r.Drops.Snapshot();
        f.VirtualIpAddresses = r.VipTexts;
        var trackers = r.Tracking.Trackers;
        if (f.Trackers is null || f.Trackers.Length != trackers.Count)
            f.Trackers = trackers.Count == 0 ? [] : new TrackerFigure[trackers.Count];
        for (var j = 0; j < trackers.Count; j++)
        {
            var t = trackers[j];
            f.Trackers[j] = new TrackerFigure(t.Kind.Name(), t.Name, t.Effect.Contribution);
        }
    }

    // What goes on the wire; before the first transition, what would.
    private static int AdvertisedPriority(InstanceRuntime r) => r.Machine.State == VrrpState.Init
        ? r.Tracking.EffectivePriority.Value
        : r.Machine.EffectivePriority.Value;

    /// <summary>One instance by name, or null.</summary>
    public InstanceStatus? GetInstanceStatus(string name) =>
        _instancesByName.TryGetValue(name, out var runtime) ? InstanceSnapshot(runtime) : null;

    private InstanceStatus InstanceSnapshot(InstanceRuntime r)
    {
        var m = r.Machine;
        var t = r.Tracking;
        var total = t.TotalPriority;
        var clamp = !t.IsOwner && (total < 1 || total > 254) ? $"total {total} clamped to {t.EffectivePriority}" : null;
        IPAddress? master = m.State switch
        {
            VrrpState.Master => r.OwnAddress.Length > 0 ? new IPAddress(r.OwnAddress) : null,
            VrrpState.Backup when m.MasterAddress.Length is 4 or 16 => new IPAddress(m.MasterAddress),
            _ => null,
        };
        return new InstanceStatus
        {
            Name = r.Name,
            State = m.State,
            Vrid = (byte)r.Config.Vrid,
            Interface = r.Interface,
            Family = r.Family,
            Version = r.Config.Version,
            BasePriority = t.BasePriority.Value,
            EffectivePriority = AdvertisedPriority(r),
            TotalPriority = total,
            Clamp = clamp,
            AdvertIntervalMs = Durations.Milliseconds(m.Parameters.AdvertInterval),
            MasterAdvertIntervalMs = Durations.Milliseconds(m.MasterAdverInterval),
            MasterDownIntervalMs = Durations.Milliseconds(m.MasterDownInterval),
            SkewTimeMs = Durations.Milliseconds(m.SkewTime),
            MasterAddress = master,
            MasterPriority = m.State is VrrpState.Master or VrrpState.Backup && m.MasterPriority.Value > 0
                ? m.MasterPriority.Value
                : null,
            Reason = Explain(r),
            LastTransitionAt = m.LastTransitionAt,
            Preempt = m.Parameters.Preempt,
            PreemptDelayMs = (int)m.Parameters.PreemptDelay.TotalMilliseconds,
            PreemptDelayUntil = m.PreemptDelayUntil.IsNever ? null : m.PreemptDelayUntil,
            WantMaster = m.WantsMaster,
            IsAddressOwner = t.IsOwner,
            SyncGroup = r.Group?.Name,
            FastHandover = m.Parameters.FastHandover,
            VirtualIpAddresses = r.VipTexts,
            Accept = !r.DropsTraffic,
            FirewallDrops = Texts(r.FirewallDrops),
            VirtualRoutes = Texts(r.Routes),
            VirtualRules = Texts(r.Rules),
            RoutesInstalled = r.RoutesInstalled,
            FaultReasons = Texts(t.FaultReasons),
            Trackers = TrackerSnapshot(r),
            Counters = new InstanceCounters(m.AdvertsReceived, m.AdvertsSent, m.BecomeMaster, m.ReleaseMaster,
                m.PriorityZeroReceived, m.PriorityZeroSent, r.Drops.Snapshot())
            {
                LowerPriorityAnswersSuppressed = m.LowerPriorityAnswersSuppressed,
                LogLinesSuppressed = r.LogLinesSuppressed,
                FastHandovers = m.FastHandovers,
                VipsRestored = r.VipsRestored,
                RouteFailures = r.RouteFailures,
                AuthHmacVerified = r.HmacVerified,
                AuthHmacUnsignedAccepted = r.HmacUnsignedAccepted,
            },
            NextTimer = m.TimerDeadline,
        };
    }

    // Status is taken for every instance on every scrape: plain loops into exact arrays, and the shared empty array
    // for the lists most instances leave empty (LINQ made an iterator and a delegate for each, empty or not).
    private static string[] Texts<T>(IReadOnlyList<T> items)
        where T : notnull
    {
        if (items.Count == 0)
            return [];
        var texts = new string[items.Count];
        for (var i = 0; i < texts.Length; i++)
            texts[i] = items[i].ToString()!;
        return texts;
    }

    private static Status.TrackerStatus[] TrackerSnapshot(InstanceRuntime r)
    {
        var trackers = r.Tracking.Trackers;
        if (trackers.Count == 0)
            return [];
        var group = r.Group?.Config;
        var result = new Status.TrackerStatus[trackers.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var s = trackers[i].Reading;
            result[i] = new Status.TrackerStatus(s.Kind.Name(), s.Name, s.State, s.Weight, s.Reverse, s.Contribution,
                s.Fault, GroupOf(group, s) ? r.Group!.Name : null);
        }
        return result;
    }

    // The test is apart from the lambdas so that their closure is made only for members of a sync group.
    private static bool GroupOf(Config.Model.SyncGroupConfig? g, TrackerReading s) =>
        g is not null && DeclaredOnGroup(g, s.Kind, s.Name);

    private static bool DeclaredOnGroup(Config.Model.SyncGroupConfig g, TrackerKind kind, string name) => kind switch
    {
        TrackerKind.Script => g.TrackScripts.Any(x => x.Name == name),
        TrackerKind.Interface => g.TrackInterfaces.Any(x => x.Name == name),
        TrackerKind.File => g.TrackFiles.Any(x => x.Name == name),
        TrackerKind.Process => g.TrackProcesses.Any(x => x.Name == name),
        _ => false,
    };

    private static string Explain(InstanceRuntime r)
    {
        var m = r.Machine;
        var p = m.EffectivePriority;
        switch (m.State)
        {
            case VrrpState.Fault:
                return r.Tracking.FaultReasons.Count > 0
                    ? $"FAULT because of {string.Join(", ", r.Tracking.FaultReasons)}"
                    : r.Group is { } g ? $"FAULT because another member of sync group {g.Name} is faulted" : "FAULT";
            case VrrpState.Master:
                return m.LastCause switch
                {
                    TransitionCause.StartedAsOwner => "MASTER at once: address owner (priority 255)",
                    TransitionCause.SyncGroupMaster =>
                        $"MASTER with sync group {r.Group?.Name}: every member wanted MASTER",
                    _ => $"MASTER: heard no advert of higher priority than {p} for Master_Down_Interval",
                };
            case VrrpState.Backup:
                if (m.MasterAddress.Length is 4 or 16)
                {
                    var who = new IPAddress(m.MasterAddress);
                    if (m.MasterPriority >= p)
                    {
                        return $"BACKUP: {who} advertises priority {m.MasterPriority}, not below ours ({p})";
                    }

                    return !m.Parameters.Preempt
                        ? $"BACKUP: nopreempt; accepting {who} at priority {m.MasterPriority} below ours ({p})"
                        : $"BACKUP: preempt_delay window open; {who} at priority {m.MasterPriority} below ours ({p})";
                }

                if (m.LastCause == TransitionCause.TrackedEntryDeleted)
                {
                    return "BACKUP: a tracked virtual route or rule was deleted while MASTER; MASTER again after "
                        + "Skew_Time (re-installing it) unless another router takes over";
                }

                if (m.LastCause == TransitionCause.TimerExpiredBackup)
                {
                    return "BACKUP: timer_expired_backup: our adverts stopped for longer than another router's "
                        + "Master_Down_Interval; waiting for the master-down timer";
                }

                return m.WantsMaster && r.Group is { } sg
                    ? $"BACKUP: ready for MASTER, waiting for the other members of sync group {sg.Name}"
                    : "BACKUP: no master heard yet; waiting for the master-down timer";
            case VrrpState.Stop:
                return "stopped";
            default:
                return "INIT";
        }
    }

    private static ScriptStatus ScriptSnapshot(ScriptRuntime s) => new(
        s.Name,
        s.Counter.State,
        s.Counter.Result,
        s.Counter.Rise,
        s.Counter.Fall,
        s.Runs,
        s.LastExitStatus,
        s.LastOutcome switch
        {
            null => null,
            Events.ScriptOutcome.Exited => "exited",
            Events.ScriptOutcome.Signaled => "signaled",
            Events.ScriptOutcome.TimedOut => "timed_out",
            _ => "could_not_start",
        },
        s.LastDuration is { } d ? (long)d.TotalMilliseconds : null,
        s.OutstandingRunId != 0,
        true,
        (int)s.Interval.TotalMilliseconds,
        (int)s.Timeout.TotalMilliseconds);
}
