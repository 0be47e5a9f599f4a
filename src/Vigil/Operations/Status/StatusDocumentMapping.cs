using Vigil.Core.Protocol;
using Vigil.Engine.Status;

namespace Vigil.Operations.Status;

/// <summary>From the engine's snapshot to the documents of docs/status-json.md: monotonic instants become wall-clock
/// times, deadlines become the milliseconds left, enums become their documented spellings.</summary>
public static class StatusDocumentMapping
{
    public static StatusDocument Status(StatusSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new StatusDocument
        {
            Daemon = Daemon(s),
            Instances = [.. s.Engine.Instances.Select(i => Fill(new InstanceView(), s, i, Tracker))],
            Scripts = [.. s.Engine.Scripts.Select(script => Fill(new ScriptView(), script))],
            Processes = [.. s.Engine.Processes.Select(p => Process(s, p))],
            Firewall = s.Firewall,
        };
    }

    /// <summary>Null when no instance has that name.</summary>
    public static ExplainDocument? Explain(StatusSnapshot s, string instanceName)
    {
        ArgumentNullException.ThrowIfNull(s);
        var i = s.Engine.Instances.FirstOrDefault(i => i.Name == instanceName);
        if (i is null)
            return null;
        bool Tracks(string kind, string name) => i.Trackers.Any(t => t.Kind == kind && t.Name == name);
        return new ExplainDocument
        {
            Daemon = Daemon(s),
            Instance = Explanation(s, i),
            Scripts = [.. s.Engine.Scripts.Where(script => Tracks("script", script.Name)).Select(Explanation)],
            Processes = [.. s.Engine.Processes.Where(p => Tracks("process", p.Name)).Select(p => Process(s, p))],
            Firewall = s.Firewall,
        };
    }

    private static DaemonView Daemon(StatusSnapshot s) => new()
    {
        Version = s.Daemon.Version,
        Pid = s.Daemon.Pid,
        Config = s.Daemon.ConfigPath,
        StartedAt = StatusNames.Time(s.Daemon.StartedAt),
        ConfigLoadedAt = s.Engine.ConfigLoadedAt is { } loaded ? StatusNames.Time(s.ToWall(loaded)) : null,
    };

    private static T Fill<T, TTracker>(
        T view,
        StatusSnapshot s,
        InstanceStatus i,
        Func<TrackerStatus, TTracker> tracker)
        where T : InstanceFields<TTracker>
        where TTracker : TrackerView => (T)((InstanceFields<TTracker>)view with
    {
        Name = i.Name,
        State = StatusNames.State(i.State),
        Vrid = i.Vrid,
        Interface = i.Interface,
        Family = StatusNames.Family(i.Family),
        Version = i.Version,
        BasePriority = i.BasePriority,
        EffectivePriority = i.EffectivePriority,
        AdvertIntervalMs = i.AdvertIntervalMs,
        MasterDownIntervalMs = i.MasterDownIntervalMs,
        MasterAddress = i.MasterAddress?.ToString(),
        LastTransitionAt = StatusNames.Time(s.ToWall(i.LastTransitionAt)),
        VirtualIpaddresses = i.VirtualIpAddresses,
        FirewallDrops = i.Accept ? null : i.FirewallDrops,
        VirtualRoutes = i.VirtualRoutes.Count > 0 ? i.VirtualRoutes : null,
        VirtualRules = i.VirtualRules.Count > 0 ? i.VirtualRules : null,
        RoutesInstalled = i.VirtualRoutes.Count + i.VirtualRules.Count > 0 ? i.RoutesInstalled : null,
        FaultReasons = i.FaultReasons,
        Trackers = [.. i.Trackers.Select(tracker)],
        Counters = Counters(i.Counters),
        Vmac = Vmac(s, i.Name),
    });

    /// <summary>The daemon's view of the instance's VMAC, else (a snapshot without one) the configuration's.</summary>
    private static VmacView? Vmac(StatusSnapshot s, string instance)
    {
        var v = s.Vmacs?.FirstOrDefault(v => v.Instance == instance);
        if (v is null && s.Vmacs is null && s.Config is { } config
            && Engine.VrrpEngine.VmacsNeeded(config).FirstOrDefault(n => n.Instance == instance) is { } need)
        {
            v = new VmacState(need.Name, need.Instance, 0, need.Mac, need.BaseInterface,
                need.XmitBase ? need.BaseInterface : need.Name, need.XmitBase, 0, null);
        }

        return v is null ? null : new VmacView
        {
            Name = v.Name,
            Ifindex = v.IfIndex,
            Mac = v.Mac,
            BaseInterface = v.BaseInterface,
            AdvertInterface = v.AdvertInterface,
            XmitBase = v.XmitBase,
            Errors = v.Errors,
            LastError = v.LastError,
        };
    }

    private static InstanceExplanation Explanation(StatusSnapshot s, InstanceStatus i) =>
        Fill(new InstanceExplanation(), s, i, t => Fill(new TrackerExplanation(), t) with
        {
            Faulting = t.Faulting,
            FromSyncGroup = t.FromSyncGroup,
        }) with
        {
            TotalPriority = i.TotalPriority,
            Clamp = i.Clamp,
            Reason = i.Reason,
            Preempt = i.Preempt,
            PreemptDelayMs = i.PreemptDelayMs,
            PreemptDelayRemainingMs = i.PreemptDelayUntil is { } until && until > s.Now
                ? (long)(until - s.Now).TotalMilliseconds
                : null,
            MasterPriority = i.MasterPriority,
            WantMaster = i.WantMaster,
            AddressOwner = i.IsAddressOwner,
            SyncGroup = i.SyncGroup,
            SyncGroupState = s.Engine.SyncGroups.FirstOrDefault(g => i.SyncGroup is not null && g.Name == i.SyncGroup)
                is { } group ? StatusNames.State(group.State) : null,
            FastHandover = i.FastHandover,
            MasterAdvertIntervalMs = i.MasterAdvertIntervalMs,
            SkewTimeMs = i.SkewTimeMs,
            NextTimerMs = !i.NextTimer.IsNever && i.NextTimer > s.Now
                ? (long)(i.NextTimer - s.Now).TotalMilliseconds
                : null,
        };

    private static TrackerView Tracker(TrackerStatus t) => Fill(new TrackerView(), t);

    private static T Fill<T>(T view, TrackerStatus t) where T : TrackerView => (T)((TrackerView)view with
    {
        Kind = t.Kind,
        Name = t.Name,
        State = t.State,
        Weight = t.Weight,
        Reverse = t.Reverse,
        Contribution = t.Contribution,
    });

    private static CountersView Counters(InstanceCounters c)
    {
        // Every known reason, zero or not, so a consumer never has to guess whether a key is missing or zero;
        // then any reason the engine counts that this build does not name.
        var dropped = new Dictionary<string, long>();
        foreach (var reason in DropReasonNames.All)
        {
            var name = reason.MetricName();
            dropped[name] = c.Dropped.TryGetValue(name, out var n) ? n : 0;
        }
        foreach (var (name, n) in c.Dropped)
            dropped.TryAdd(name, n);
        return new CountersView
        {
            AdvertsReceived = c.AdvertsReceived,
            AdvertsSent = c.AdvertsSent,
            BecomeMaster = c.BecomeMaster,
            ReleaseMaster = c.ReleaseMaster,
            PriorityZeroReceived = c.PriorityZeroReceived,
            PriorityZeroSent = c.PriorityZeroSent,
            LowerPriorityAnswersSuppressed = c.LowerPriorityAnswersSuppressed,
            FastHandovers = c.FastHandovers,
            VipsRestored = c.VipsRestored,
            LogLinesSuppressed = c.LogLinesSuppressed,
            Dropped = dropped,
        };
    }

    private static T Fill<T>(T view, ScriptStatus s) where T : ScriptView => (T)((ScriptView)view with
    {
        Name = s.Name,
        State = StatusNames.Script(s.State),
        Result = s.Result,
        Rise = s.Rise,
        Fall = s.Fall,
        Runs = s.Runs,
        LastExitStatus = s.LastExitStatus,
        LastDurationMs = s.LastDurationMs,
    });

    private static ScriptExplanation Explanation(ScriptStatus s) => Fill(new ScriptExplanation(), s) with
    {
        LastOutcome = s.LastOutcome,
        Running = s.Running,
        IntervalMs = s.IntervalMs,
        TimeoutMs = s.TimeoutMs,
    };

    private static ProcessView Process(StatusSnapshot s, ProcessTrackerStatus p) => new()
    {
        Name = p.Name,
        State = p.Up ? "UP" : "DOWN",
        Count = p.Count,
        Quorum = p.Quorum,
        QuorumMax = p.QuorumMax,
        ForkDelayMs = p.ForkDelayMs,
        TerminateDelayMs = p.TerminateDelayMs,
        PendingMs = p.PendingUntil is { } until ? Math.Max(0, (long)(until - s.Now).TotalMilliseconds) : null,
    };
}
