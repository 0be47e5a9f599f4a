using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Walks the top-level statements in file order and assembles the resolved model.</summary>
internal sealed partial class ModelBuilder(ParseContext ctx)
{
    private readonly GlobalBuilder _global = new();
    private readonly List<InstanceBuilder> _instances = [];
    private readonly List<VrrpScriptConfig> _scripts = [];
    private readonly List<SyncGroupBuilder> _groups = [];
    private readonly List<TrackFileConfig> _files = [];
    private readonly List<TrackProcessConfig> _processes = [];
    private readonly List<GarpGroupConfig> _garps = [];
    private readonly List<IgnoredSection> _ignored = [];
    private readonly List<VirtualIpAddress> _staticAddresses = [];
    private readonly List<RouteConfig> _staticRoutes = [];
    private readonly List<RuleConfig> _staticRules = [];
    private readonly HashSet<string> _ignoredReported = new(StringComparer.Ordinal);
    private bool _globalSeen;

    public void Add(Statement st)
    {
        switch (st.Keyword)
        {
            case "global_defs":
                if (!_globalSeen)
                    _global.Set(c => c with { Location = st.Location });
                _globalSeen = true;
                SectionWalker.Walk(_global, st, KeywordTable.Global, "global_defs", ctx, _global.Other);
                break;
            case "vrrp_script":
                AddScript(st);
                break;
            case "vrrp_instance":
                AddInstance(st);
                break;
            case "vrrp_sync_group":
                AddSyncGroup(st);
                break;
            case "track_file" or "vrrp_track_file":
                AddTrackFile(st);
                break;
            case "vrrp_track_process":
                AddTrackProcess(st);
                break;
            case "garp_group":
            {
                var b = new GarpGroupBuilder(st.Location);
                SectionWalker.Walk(b, st, KeywordTable.GarpGroup, "garp_group", ctx, b.Other);
                _garps.Add(b.C with { Interfaces = [.. b.Interfaces] });
                break;
            }
            case "track_group":
                AddTrackGroup(st);
                break;
            case "static_ipaddress":
                foreach (var e in st.Block ?? [])
                {
                    if (InstanceBuilder.ParseVip(e, ctx) is { } v)
                        _staticAddresses.Add(StaticTrackGroup(v));
                }
                break;
            case "static_routes":
                _staticRoutes.AddRange(RouteParser.Routes(st, "static_routes", ctx));
                break;
            case "static_rules":
                _staticRules.AddRange(RouteParser.Rules(st, "static_rules", ctx));
                break;
            case "net_namespace":
                SetNetNamespace(st);
                break;
            default:
                if (KeywordTable.IgnoredSections.Contains(st.Keyword))
                {
                    _ignored.Add(new IgnoredSection(st.Keyword, st.Args, st.Location));
                    LvsKeywords.Check(st, ctx);
                    if (st.Keyword == "bfd_instance" && st.Args.Count > 0)
                        ctx.BfdInstances.Add(st.Args[0]);
                    ctx.Diag.Warning(st.Location, "ignored-section",
                        $"'{st.Keyword}" +
                        $"{(st.Args.Count > 0 ? " " + Values.Short(string.Join(' ', st.Args)) : string.Empty)}' " +
                        "belongs to another keepalived subsystem; skipped (Vigil only does VRRP)");
                    break;
                }
                ctx.Diag.Ignored(st.Location, "unknown-keyword",
                    $"unknown top-level keyword '{Values.Short(st.Keyword)}'; " +
                    $"ignored{(st.Block is not null ? " with its block" : string.Empty)}" +
                    $"{Suggest.Hint(st.Keyword, KeywordTable.TopLevel)}");
                break;
        }
    }

    /// <summary>keepalived's rules: the first `net_namespace NAME` wins, a later one is "Duplicate ... - ignoring", a
    /// missing name is "name missing - ignoring". The name becomes /run/netns/NAME and /run/vigil/NAME, so a name that
    /// is not one file name is refused here rather than at start.</summary>
    private void SetNetNamespace(Statement st)
    {
        if (st.Block is not null)
        {
            ctx.Diag.Error(
                st.Location,
                "unexpected-block",
                "'net_namespace' does not take a block; the block is ignored");
        }

        if (st.Args.Count == 0)
        {
            ctx.Diag.Ignored(st.Location, "missing-name", "net_namespace name missing - ignoring");
            return;
        }
        var name = st.Args[0];
        if (_global.C.NetNamespace is { } first)
        {
            ctx.Diag.Ignored(
                st.ArgLocation(0),
                "duplicate-net-namespace",
                $"Duplicate net_namespace definition {Values.Short(name)} - ignoring (net_namespace {first} is used)");
            return;
        }
        if (!NetNamespaceName.IsValid(name))
        {
            ctx.Diag.Fatal(
                st.ArgLocation(0),
                "bad-net-namespace",
                $"net_namespace '{Values.Short(name)}' is not a namespace name (one path component: no '/', not '.' " +
                $"or '..', at most 255 bytes); cannot run");
            return;
        }
        if (st.Args.Count > 1)
        {
            ctx.Diag.Warning(
                st.ArgLocation(1),
                "extra-words",
                $"'net_namespace {name}': extra words after the name are ignored");
        }

        _global.Set(c => c with { NetNamespace = name });
    }

    private string? SectionName(Statement st)
    {
        if (st.Args.Count == 0)
        {
            ctx.Diag.Error(st.Location, "missing-name", $"'{st.Keyword}' needs a name; the section is ignored");
            return null;
        }
        if (st.Args.Count > 1)
        {
            ctx.Diag.Warning(
                st.ArgLocation(1),
                "extra-words",
                $"'{st.Keyword} {st.Args[0]}': extra words after the name are ignored");
        }

        return st.Args[0];
    }

    /// <summary><c>track_group NAME { group { VI_1 VI_2 } }</c>.</summary>
    private void AddTrackGroup(Statement st)
    {
        if (SectionName(st) is not { } name)
            return;
        var members = new List<string>();
        foreach (var e in st.Block ?? [])
        {
            if (e.Keyword != "group")
            {
                ctx.Diag.Ignored(
                    e.Location,
                    "unknown-keyword",
                    $"track_group {name}: unknown keyword '{Values.Short(e.Keyword)}'; ignored");
                continue;
            }
            foreach (var m in e.Block ?? [])
                members.AddRange([m.Keyword, .. m.Args]);
        }
        if (members.Count == 0)
            ctx.Diag.Warning(st.Location, "track-group-empty", $"track_group {name} has no vrrp instance in its group");
        if (!ctx.TrackGroups.TryAdd(name, members))
        {
            ctx.Diag.Ignored(
                st.Location,
                "track-group-duplicate",
                $"track_group {name} is defined twice; the second definition is ignored");
        }
    }

    /// <summary>A static address's <c>track_group</c> must name a group declared before it (keepalived drops it
    /// otherwise, and counts the error).</summary>
    private VirtualIpAddress StaticTrackGroup(VirtualIpAddress v)
    {
        if (v.TrackGroup is not { } g || ctx.TrackGroups.ContainsKey(g))
            return v;
        ctx.Diag.Ignored(
            v.Location,
            "track-group-unknown",
            $"static address {v}: track_group {g} not found (a track_group must be declared before it is " +
            $"used); not tracked");
        return v with { TrackGroup = null };
    }

    private void AddScript(Statement st)
    {
        var name = SectionName(st);
        if (name is null)
            return;
        var b = new ScriptBuilder(name, st.Location);
        SectionWalker.Walk(b, st, KeywordTable.Script, "vrrp_script", ctx, b.Other);
        var built = b.Build(ctx);
        if (built is null)
            return;
        if (ctx.Scripts.ContainsKey(name))
        {
            ctx.Diag.Warning(
                st.Location,
                "duplicate-script",
                $"vrrp_script {name} is defined twice; the second definition is ignored");
            return;
        }
        ctx.Scripts[name] = built;
        _scripts.Add(built);
    }

    private void AddInstance(Statement st)
    {
        var name = SectionName(st);
        if (name is null)
            return;
        if (_instances.Exists(i => i.Name == name))
        {
            ctx.Diag.Error(
                st.Location,
                "duplicate-instance",
                $"vrrp_instance {name} is defined twice; the second definition is ignored");
            return;
        }
        var b = new InstanceBuilder(name, st.Location);
        SectionWalker.Walk(b, st, KeywordTable.Instance, "vrrp_instance", ctx, b.Other);
        _instances.Add(b);
    }

    private void AddSyncGroup(Statement st)
    {
        var name = SectionName(st);
        if (name is null)
            return;
        var b = new SyncGroupBuilder(name, st.Location);
        // Legacy form: members listed directly in the block, without `group { }`.
        SectionWalker.Walk(b, st, KeywordTable.SyncGroup, "vrrp_sync_group", ctx, b.Other, unknown =>
        {
            if (unknown.Block is not null)
                return false;
            b.LegacyMembers.Add(unknown);
            return true;
        });
        _groups.Add(b);
    }

    private void AddTrackFile(Statement st)
    {
        var name = SectionName(st);
        if (name is null)
            return;
        if (st.Keyword == "vrrp_track_file")
            ctx.Diag.Warning(st.Location, "deprecated", "'vrrp_track_file' is deprecated; use 'track_file'");
        var b = new TrackFileBuilder(name, st.Location);
        SectionWalker.Walk(b, st, KeywordTable.TrackFile, "track_file", ctx, b.Other);
        if (b.C.Path is null)
        {
            ctx.Diag.Ignored(st.Location, "track-file-missing", $"track_file {name} has no 'file'; removed");
            return;
        }
        ctx.TrackFiles[name] = b.C;
        _files.Add(b.C);
    }

    private void AddTrackProcess(Statement st)
    {
        var name = SectionName(st);
        if (name is null)
            return;
        var b = new TrackProcessBuilder(name, st.Location);
        SectionWalker.Walk(b, st, KeywordTable.TrackProcess, "vrrp_track_process", ctx, b.Other);
        if (b.C.Process is null)
        {
            ctx.Diag.Ignored(
                st.Location,
                "track-process-missing",
                $"vrrp_track_process {name} has no 'process'; removed");
            return;
        }
        // The kernel keeps 15 characters of a process name: a longer name compared with it never matches.
        var c = b.C;
        if (!c.FullCommand && c.Parameters.Count == 0 && c.ParamMatch == "exact" && c.Process.Length > 15)
        {
            ctx.Diag.Warning(st.Location, "lint-process-name-length",
                $"vrrp_track_process {name}: process name '{Values.Short(c.Process)}' is longer than the 15 " +
                $"characters the kernel keeps, so it never matches; use full_command with the command's path");
        }

        ctx.TrackProcesses[name] = b.C;
        _processes.Add(b.C);
    }
}
