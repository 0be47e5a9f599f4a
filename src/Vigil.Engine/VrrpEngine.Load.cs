using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>
    /// Applies a configuration. The first call starts everything (leftover VIPs are removed first, every
    /// instance leaves INIT for BACKUP or FAULT, every tracked script is due at once). Later calls are reloads
    /// applied as a diff: instances are matched like keepalived's <c>vrrp_exist</c> (VRID, family, interface,
    /// unicast-ness, source address); matched ones keep state, timers and VIPs; removed MASTERs resign with
    /// priority 0; unchanged scripts keep their counter.
    /// </summary>
    public void Load(VigilConfig config, MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        var first = Config is null;
        var oldTable = _tracking;
        var oldConfig = Config;
        var oldScripts = new Dictionary<string, ScriptRuntime>(_scripts, StringComparer.Ordinal);
        Config = config;
        var table = new TrackingTable();
        foreach (var (name, up) in _links)
        {
            table.ReportLink(name, up);
        }

        DeclareFiles(config, table);
        DeclareProcesses(config, table, first ? null : oldTable, oldConfig, now);
        var trackedScripts = TrackedScriptNames(config);
        DeclareScripts(config, table, trackedScripts, first ? null : oldTable, oldScripts);
        _tracking = table;
        RebuildScripts(config, trackedScripts, oldScripts, now);

        var oldInstances = _instances.ToList();
        var matched = new HashSet<InstanceRuntime>();
        var started = new List<InstanceRuntime>();
        var kept = new List<(InstanceRuntime Runtime, VrrpInstanceConfig Config)>();
        _instances.Clear();
        _instancesByName.Clear();
        _instancesByKey.Clear();
        foreach (var ic in config.Instances)
        {
            if (_instancesByName.ContainsKey(ic.Name) || ic.Vrid is < 1 or > 255)
            {
                Logs.Config.DuplicateInstance(ic.Name);
                continue;
            }

            var group = config.SyncGroups.FirstOrDefault(g => g.Members.Contains(ic.Name));
            var it = table.AddInstance(ic.Name, Math.Clamp(ic.Priority, 1, 255));
            var old = oldInstances.FirstOrDefault(o => !matched.Contains(o) && SameIdentity(o.Config, ic));
            InstanceRuntime runtime;
            if (old is not null)
            {
                matched.Add(old);
                runtime = old;
                kept.Add((runtime, ic));
            }
            else
            {
                runtime = new InstanceRuntime(this, ic, it);
                started.Add(runtime);
            }

            AddTrackers(runtime, ic, it, group);
            TrackRouteInterfaces(ic, it);
            TrackStaticGroups(config, ic, it);
            var key = (runtime.AdvertInterface, ic.Family, new VrId(ic.Vrid));
            if (!_instancesByKey.TryAdd(key, runtime))
            {
                // keepalived's DUPLICATE_VRID fault: two instances cannot share a VRID on one interface and family.
                Logs.Config.VridInUse(ic.Name, ic.Vrid, runtime.Interface);
                it.SetCondition("duplicate vrid", true);
            }

            _instances.Add(runtime);
            _instancesByName[ic.Name] = runtime;
        }

        ScheduleInstances(oldInstances);

        // Before any address of this configuration is removed or added.
        EmitFirewall(config, first);
        _pacer.Configure(config);
        EmitPromoteSecondaries();
        ApplyStatics(config);
        foreach (var old in oldInstances.Where(o => !matched.Contains(o)))
        {
            old.Deleting = true;
            old.Machine.Stop(now);
        }

        RebuildGroups(config);
        foreach (var (runtime, ic) in kept)
        {
            runtime.Reconfigure(ic, table.FindInstance(ic.Name)!, now);
        }

        foreach (var (runtime, _) in kept)
        {
            runtime.RefreshOwnAddress();
            runtime.Tracking.SetCondition(NoSourceAddress, runtime.OwnAddress.Length == 0);
            runtime.Machine.SetEffectivePriority(now, runtime.Tracking.EffectivePriority);
            runtime.Machine.SetFault(now, FaultedFor(runtime));
        }

        if (first && config.Global.StartupDelayMs > 0)
        {
            _startupUntil = now + TimeSpan.FromMilliseconds(config.Global.StartupDelayMs);
            Logs.Config.StartupDelay((config.Global.StartupDelayMs / 1000.0)
                .ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var runtime in started)
        {
            runtime.RefreshOwnAddress();
            runtime.Tracking.SetCondition(NoSourceAddress, runtime.OwnAddress.Length == 0);
            if (first)
            {
                // A previous run killed with SIGKILL may have left VIPs behind: remove them before deciding.
                runtime.RemoveAddresses();
            }
        }

        if (now >= _startupUntil)
        {
            StartInstances(started, now);
        }

        // The first run of every script is at start-up (new scripts at reload start at once too).
        foreach (var script in _scripts.Values)
        {
            ServiceScript(script, now);
        }

        // Built by adding one at a time, the tables have room for up to twice what they hold; they keep their size
        // until the next load, so give the room back (about 80 bytes an instance).
        _instances.TrimExcess();
        _instancesByName.TrimExcess();
        _instancesByKey.TrimExcess();
        table.TrimExcess();
        ConfigLoadedAt = now;
    }

    /// <summary>Leaves INIT (at load, or when vrrp_startup_delay ends).</summary>
    private void StartInstances(IEnumerable<InstanceRuntime> toStart, MonotonicTime now)
    {
        foreach (var runtime in toStart)
        {
            if (runtime.State == VrrpState.Init)
            {
                runtime.SilentFault = runtime.Tracking.IsSilentFault;
                runtime.Machine.Start(now, runtime.Tracking.EffectivePriority, FaultedFor(runtime));
            }
        }
    }

    private static bool SameIdentity(VrrpInstanceConfig a, VrrpInstanceConfig b) =>
        a.Vrid == b.Vrid && a.Family == b.Family && a.Interface == b.Interface && a.IsUnicast == b.IsUnicast
        && Equals(a.UnicastSrcIp, b.UnicastSrcIp) && Equals(a.McastDstIp, b.McastDstIp);

    private void DeclareFiles(VigilConfig config, TrackingTable table)
    {
        foreach (var tf in config.TrackFiles)
        {
            if (table.FileValue(tf.Name) is null)
            {
                table.DeclareFile(tf.Name, _fileValues.TryGetValue(tf.Name, out var v) ? v : tf.InitFileValue ?? 0);
            }
        }
    }

    private static HashSet<string> TrackedScriptNames(VigilConfig config)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in config.Instances)
        {
            names.UnionWith(i.TrackScripts.Select(t => t.Name));
        }

        foreach (var g in config.SyncGroups)
        {
            names.UnionWith(g.TrackScripts.Select(t => t.Name));
        }

        return names;
    }

    private void DeclareScripts(
        VigilConfig config,
        TrackingTable table,
        HashSet<string> tracked,
        TrackingTable? previous,
        Dictionary<string, ScriptRuntime> oldScripts)
    {
        foreach (var sc in config.Scripts)
        {
            if (table.FindScript(sc.Name) is not null)
            {
                continue;
            }

            if (!tracked.Contains(sc.Name))
            {
                Logs.Config.ScriptNotUsed(sc.Name);
            }

            int rise = Math.Max(1, sc.Rise), fall = Math.Max(1, sc.Fall);
            if (previous is null)
            {
                table.DeclareScript(sc.Name, rise, fall, sc.InitFail);
                continue;
            }

            var unchanged = oldScripts.TryGetValue(sc.Name, out var old)
                && old.Config.Command.SequenceEqual(sc.Command);
            var counter = table.DeclareScriptAtReload(sc.Name, rise, fall, sc.InitFail, previous, unchanged);
            if (unchanged && counter.State != ScriptState.Init)
            {
                Logs.Scripts.KeptOnReload(sc.Name, counter.State == ScriptState.Ok ? "successful" : "unsuccessful");
            }
        }
    }

    private void RebuildScripts(
        VigilConfig config,
        HashSet<string> tracked,
        Dictionary<string, ScriptRuntime> oldScripts,
        MonotonicTime now)
    {
        _scripts.Clear();
        foreach (var sc in config.Scripts)
        {
            if (!tracked.Contains(sc.Name)
                || _scripts.ContainsKey(sc.Name)
                || _tracking.FindScript(sc.Name) is not { } counter)
            {
                continue;
            }

            var runtime = new ScriptRuntime(sc, counter) { NextStart = now };
            if (oldScripts.TryGetValue(sc.Name, out var old))
            {
                runtime.NextStart = old.NextStart.IsNever ? now : old.NextStart;
                runtime.OutstandingRunId = old.OutstandingRunId;
                runtime.OutstandingSince = old.OutstandingSince;
                runtime.Runs = old.Runs;
                runtime.LastExitStatus = old.LastExitStatus;
                runtime.LastOutcome = old.LastOutcome;
                runtime.LastDuration = old.LastDuration;
            }

            _scripts.Add(sc.Name, runtime);
        }
    }

    private void AddTrackers(
        InstanceRuntime runtime,
        VrrpInstanceConfig ic,
        InstanceTracking it,
        SyncGroupConfig? group)
    {
        if (!ic.DontTrackPrimary)
        {
            it.TrackInterface(runtime.Interface, 0, false, primary: true);
        }

        var owner = ic.Priority >= 255;
        foreach (var t in ic.TrackScripts)
        {
            if (Allowed(ic, t, "script", owner, group) && !it.TrackScript(t.Name, ClampWeight(t.Weight), t.Reverse))
            {
                Logs.Config.TrackScriptNotFound(ic.Name, t.Name);
            }
        }

        foreach (var t in ic.TrackInterfaces)
        {
            if (Allowed(ic, t, "interface", owner, group))
            {
                it.TrackInterface(t.Name, ClampWeight(t.Weight), t.Reverse);
            }
        }

        foreach (var t in ic.TrackFiles)
        {
            if (Allowed(ic, t, "file", owner, group) && !it.TrackFile(t.Name, ClampWeight(t.Weight), t.Reverse))
            {
                Logs.Config.TrackFileNotFound(ic.Name, t.Name);
            }
        }

        foreach (var t in ic.TrackProcesses)
        {
            if (Allowed(ic, t, "process", owner, group) && !it.TrackProcess(t.Name, ClampWeight(t.Weight), t.Reverse))
            {
                Logs.Config.TrackProcessNotFound(ic.Name, t.Name);
            }
        }

        if (group is null)
        {
            return;
        }

        // Trackers on the group apply to every member (weights zeroed if a member is an owner, as keepalived does).
        foreach (var t in group.TrackScripts)
        {
            it.TrackScript(t.Name, owner ? 0 : ClampWeight(t.Weight), t.Reverse);
        }

        foreach (var t in group.TrackInterfaces)
        {
            it.TrackInterface(t.Name, owner ? 0 : ClampWeight(t.Weight), t.Reverse);
        }

        foreach (var t in group.TrackFiles)
        {
            it.TrackFile(t.Name, owner ? 0 : ClampWeight(t.Weight), t.Reverse);
        }

        foreach (var t in group.TrackProcesses)
        {
            it.TrackProcess(t.Name, owner ? 0 : ClampWeight(t.Weight), t.Reverse);
        }
    }

    private bool Allowed(VrrpInstanceConfig ic, TrackerRef t, string kind, bool owner, SyncGroupConfig? group)
    {
        if (t.Weight == 0)
        {
            return true;
        }

        if (owner)
        {
            Logs.Config.WeightIgnoredForAddressOwner(ic.Name, kind, t.Name);
            return false;
        }

        if (group is not null && !group.SyncGroupTrackingWeight)
        {
            Logs.Config.WeightIgnoredForSyncGroup(ic.Name, kind, t.Name);
            return false;
        }

        return true;
    }

    private static int ClampWeight(int weight) => Math.Clamp(weight, -254, 254);

    private void RebuildGroups(VigilConfig config)
    {
        var oldGroups = _groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        _groups.Clear();
        foreach (var instance in _instances)
        {
            instance.Group = null;
        }

        foreach (var gc in config.SyncGroups)
        {
            var group = new SyncGroupRuntime(gc);
            if (oldGroups.TryGetValue(gc.Name, out var old))
            {
                group.NotifiedState = old.NotifiedState;
            }

            foreach (var member in gc.Members)
            {
                if (_instancesByName.TryGetValue(member, out var instance) && instance.Group is null)
                {
                    instance.Group = group;
                    group.Members.Add(instance);
                    group.Group.Add(instance.Machine);
                }
            }

            _groups.Add(group);
        }
    }

    /// <summary>A sync group shares FAULT: any faulted member holds every member in FAULT.</summary>
    private static bool FaultedFor(InstanceRuntime runtime) =>
        runtime.Group is { } g ? g.AnyMemberFaulted : runtime.Tracking.IsFaulted;
}
