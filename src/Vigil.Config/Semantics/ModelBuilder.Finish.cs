using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

internal sealed partial class ModelBuilder
{
    public VigilConfig Finish(IReadOnlyList<string> files)
    {
        var d = ctx.Diag;
        var global = _global.C with { OtherKeywords = [.. _global.Other] };
        var built = new List<VrrpInstanceConfig>(_instances.Count);
        foreach (var b in _instances)
        {
            if (b.Build(global, ctx) is { } inst)
                built.Add(inst);
        }
        var unusable = ScriptUsers.Unusable(_scripts, global, ctx);
        if (unusable.Count > 0)
        {
            _scripts.RemoveAll(x => unusable.Contains(x.Name));
            for (var i = 0; i < built.Count; i++)
            {
                built[i] = built[i] with
                {
                    TrackScripts = ScriptUsers.Drop(built[i].TrackScripts, built[i].Name, unusable, ctx)
                };
            }

            foreach (var grp in _groups)
            {
                var kept = ScriptUsers.Drop(grp.Scripts, grp.C.Name, unusable, ctx);
                grp.Scripts.Clear();
                grp.Scripts.AddRange(kept);
            }
        }
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < built.Count; i++)
            byName[built[i].Name] = i;

        var groups = ResolveSyncGroups(built, byName);
        LintDuplicateVrids(built);

        // Which scripts, files and processes are tracked at all (untracked ones never run).
        var trackedScripts = new HashSet<string>(StringComparer.Ordinal);
        var trackedFiles = new HashSet<string>(StringComparer.Ordinal);
        var trackedProcs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var inst in built)
        {
            foreach (var t in inst.TrackScripts)
                trackedScripts.Add(t.Name);
            foreach (var t in inst.TrackFiles)
                trackedFiles.Add(t.Name);
            foreach (var t in inst.TrackProcesses)
                trackedProcs.Add(t.Name);
            LintInstance(inst);
        }
        foreach (var g in groups)
        {
            foreach (var t in g.TrackScripts)
                trackedScripts.Add(t.Name);
            foreach (var t in g.TrackFiles)
                trackedFiles.Add(t.Name);
            foreach (var t in g.TrackProcesses)
                trackedProcs.Add(t.Name);
        }
        var scripts = new List<VrrpScriptConfig>(_scripts.Count);
        foreach (var s in _scripts)
        {
            var tracked = trackedScripts.Contains(s.Name);
            if (!tracked)
            {
                d.Warning(
                    s.Location,
                    "lint-unused-script",
                    $"vrrp_script {s.Name} is not tracked by any instance or sync group, so it never runs " +
                    $"(keepalived still checks it, and counts it for script security)");
            }

            scripts.Add(s with { Tracked = tracked });
        }

        var model = new VigilConfig
        {
            Global = global,
            Instances = built.ConvertAll(i => i.SharingEmpties()),
            Scripts = scripts,
            SyncGroups = groups,
            RemovedGroupNotifies = [.. _removedGroupNotifies],
            TrackFiles = _files.ConvertAll(f => f with { Tracked = trackedFiles.Contains(f.Name) }),
            TrackProcesses = _processes.ConvertAll(p => p with { Tracked = trackedProcs.Contains(p.Name) }),
            GarpGroups = [.. _garps],
            IgnoredSections = [.. _ignored],
            StaticAddresses = [.. _staticAddresses],
            StaticRoutes = [.. _staticRoutes],
            StaticRules = [.. _staticRules],
            TrackGroups = ctx.TrackGroups,
            Files = files,
            ConfigId = ctx.Options.EffectiveConfigId,
            HostName = ctx.Options.HostName,
        };
        return new EnvironmentChecks(model, ctx).Run();
    }

    private readonly List<ScriptCommand> _removedGroupNotifies = [];

    private List<SyncGroupConfig> ResolveSyncGroups(List<VrrpInstanceConfig> built, Dictionary<string, int> byName)
    {
        var d = ctx.Diag;
        var result = new List<SyncGroupConfig>();
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in _groups)
        {
            var names = new List<(string Name, Model.SourceLocation At)>(b.Members);
            foreach (var legacy in b.LegacyMembers)
            {
                // keepalived 2.2.7 reads a bare word in vrrp_sync_group as an unknown keyword: the old syntax that
                // listed members directly no longer forms a group, and a group left empty is removed.
                if (!b.GroupSeen && byName.ContainsKey(legacy.Keyword))
                {
                    d.Ignored(legacy.Location, "legacy-sync-group",
                        $"vrrp_sync_group {b.C.Name}: " +
                        $"'{Values.Short(string.Join(' ', [legacy.Keyword, .. legacy.Args]))}' lists members without " +
                        $"'group {{ }}' (old syntax); keepalived 2.2.7 reads it as an unknown keyword, so they are " +
                        $"NOT members; write 'group " +
                        $"{{ {Values.Short(string.Join(' ', [legacy.Keyword, .. legacy.Args]))} }}'");
                }
                else
                {
                    d.Ignored(legacy.Location, "unknown-keyword",
                        $"unknown keyword '{Values.Short(legacy.Keyword)}' in vrrp_sync_group; " +
                        $"ignored{Suggest.Hint(legacy.Keyword, KeywordTable.SyncGroup.Keys)}");
                }
            }
            var members = new List<string>();
            foreach (var (name, at) in names)
            {
                if (!byName.ContainsKey(name))
                {
                    d.Ignored(
                        at,
                        "unknown-member",
                        $"vrrp_sync_group {b.C.Name}: instance {name} does not exist; " +
                        $"ignored{Suggest.Hint(name, byName.Keys)}");
                    continue;
                }
                if (memberOf.TryGetValue(name, out var other))
                {
                    d.Error(
                        at,
                        "member-twice",
                        $"instance {name} is already in sync group {other}; an instance can be in one group only");
                    continue;
                }
                memberOf[name] = b.C.Name;
                members.Add(name);
            }
            if (members.Count == 0)
            {
                // keepalived: "Sync group G1 has no virtual router(s). removing", a configuration error (exit 5).
                d.Ignored(
                    b.C.Location,
                    "empty-sync-group",
                    $"vrrp_sync_group {b.C.Name} has no valid members; removed");
                foreach (var n in (ReadOnlySpan<ScriptCommand?>)[
                    b.C.NotifyMaster,
                    b.C.NotifyBackup,
                    b.C.NotifyFault,
                    b.C.NotifyStop,
                    b.C.Notify])
                {
                    if (n is not null)
                        _removedGroupNotifies.Add(n);
                }
                continue;
            }
            if (members.Count == 1)
                d.Ignored(b.C.Location, "single-member", $"vrrp_sync_group {b.C.Name} has only one member");
            var group = b.C with
            {
                Members = members,
                TrackScripts = [.. b.Scripts],
                TrackInterfaces = [.. b.Interfaces],
                TrackFiles = [.. b.Files],
                TrackProcesses = [.. b.Processes],
                OtherKeywords = [.. b.Other],
            };
            result.Add(group);
            var allOwnersMaster = members.TrueForAll(m =>
                built[byName[m]] is { ConfiguredState: Vigil.Core.Primitives.VrrpState.Master, IsAddressOwner: true });
            foreach (var m in members)
                built[byName[m]] = ApplyGroup(built[byName[m]], group, allOwnersMaster);
        }
        return result;
    }

    /// <summary>keepalived drops members' own weighted trackers (unless sync_group_tracking_weight) and applies
    /// the group's trackers to every member; the group entry wins over a weighted instance entry.</summary>
    private VrrpInstanceConfig ApplyGroup(VrrpInstanceConfig inst, SyncGroupConfig g, bool allOwnersMaster)
    {
        List<TrackerRef> Merge(
            IReadOnlyList<TrackerRef> own,
            IReadOnlyList<TrackerRef> fromGroup,
            string kind,
            bool zeroInstead)
        {
            var list = new List<TrackerRef>();
            foreach (var t in own)
            {
                if (t.Weight != 0 && !g.SyncGroupTrackingWeight)
                {
                    if (zeroInstead)
                    {
                        ctx.Diag.Warning(
                            t.Location,
                            "sync-group-weight",
                            $"({inst.Name}) weight of {kind} {t.Name} set to 0 because the instance is in sync " +
                            $"group {g.Name}");
                        list.Add(t with { Weight = 0 });
                    }
                    else
                    {
                        ctx.Diag.Warning(
                            t.Location,
                            "sync-group-weight",
                            $"({inst.Name}) ignoring weighted {kind} {t.Name} because the instance is in sync " +
                            $"group {g.Name}");
                    }
                    continue;
                }
                list.Add(t);
            }
            foreach (var t in fromGroup)
            {
                var i = list.FindIndex(x => x.Name == t.Name);
                if (i < 0)
                    list.Add(t);
                else if (list[i].WeightOverridden)
                    list[i] = t;
            }
            return list;
        }
        // Observed with keepalived 2.2.7's dump: sync-group members start as MASTER only when every member is an
        // address owner with state MASTER; otherwise the group starts as BACKUP.
        var state = inst.ConfiguredState;
        if (state == Vigil.Core.Primitives.VrrpState.Master && !allOwnersMaster)
        {
            ctx.Diag.Warning(
                inst.Location,
                "sync-group-state",
                $"({inst.Name}) state MASTER is not used in sync group {g.Name}: a group starts as MASTER only when " +
                $"every member has state MASTER and priority 255; it starts as BACKUP");
            state = Vigil.Core.Primitives.VrrpState.Backup;
        }
        return inst with
        {
            ConfiguredState = state,
            SyncGroup = g.Name,
            TrackScripts = Merge(inst.TrackScripts, g.TrackScripts, "track script", false),
            TrackInterfaces = Merge(inst.TrackInterfaces, g.TrackInterfaces, "track interface", true),
            TrackFiles = Merge(inst.TrackFiles, g.TrackFiles, "track file", false),
            TrackProcesses = [
                .. inst.TrackProcesses,
                .. g.TrackProcesses.Where(t => !inst.TrackProcesses.Any(x => x.Name == t.Name))],
        };
    }

    private void LintDuplicateVrids(List<VrrpInstanceConfig> built)
    {
        var seen = new Dictionary<(string?, Vigil.Core.Primitives.IpFamily, int, bool), VrrpInstanceConfig>();
        foreach (var inst in built)
        {
            // Unicast instances with different peers do not collide on the wire, but keepalived still matches by VRID.
            var key = (inst.Interface, inst.Family, inst.Vrid, inst.IsUnicast);
            if (seen.TryGetValue(key, out var first))
            {
                ctx.Diag.Ignored(inst.Location, "lint-duplicate-vrid",
                    $"({inst.Name}) VRID {inst.Vrid} is already used by {first.Name} " +
                    $"on {inst.Interface ?? "the same source"} " +
                    $"({(inst.Family == Vigil.Core.Primitives.IpFamily.IPv6 ? "IPv6" : "IPv4")}); they will fight " +
                    $"over the same virtual router");
            }
            else
            {
                seen[key] = inst;
            }
        }
    }

    private void LintInstance(VrrpInstanceConfig inst)
    {
        foreach (var (kind, list) in (ReadOnlySpan<(string, IReadOnlyList<TrackerRef>)>)[
            ("track_script", inst.TrackScripts),
            ("track_file", inst.TrackFiles),
            ("track_process", inst.TrackProcesses)])
        {
            foreach (var t in list)
            {
                if (t.Weight == 0 && !inst.IsAddressOwner)
                {
                    ctx.Diag.Warning(t.Location, "lint-weight-zero",
                        $"({inst.Name}) {kind} {t.Name} has weight 0: a failure puts the instance in FAULT (use a " +
                        $"weight to lower the priority instead)");
                }
            }
        }
        if (!inst.Preempt)
        {
            var weighted = inst.TrackScripts.Concat(inst.TrackFiles)
                .Concat(inst.TrackProcesses)
                .Concat(inst.TrackInterfaces)
                .FirstOrDefault(t => t.Weight != 0);
            if (weighted is not null)
            {
                ctx.Diag.Warning(weighted.Location, "lint-nopreempt-weight",
                    $"({inst.Name}) nopreempt with weighted tracker {weighted.Name}: the backup accepts " +
                    $"lower-priority adverts, so a failed check never moves the VIP (only FAULT does)");
            }
        }
    }
}
