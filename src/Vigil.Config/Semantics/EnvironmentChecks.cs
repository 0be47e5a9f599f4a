using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

/// <summary>The checks keepalived's `-t` makes against the host (interfaces, script files, users) and its
/// script-security rule. Without a host (offline) only the rule that needs no host is applied.
/// A script these checks disable is taken out of the model, not just reported: a track script missing, not
/// executable, with an unknown user, or (with enable_script_security) writable by non-root along its path is
/// removed from every instance and sync group, and such a notify command is dropped, exactly as keepalived
/// frees them. What is not in the model can never be run, so no later code path can run it by mistake.</summary>
internal sealed class EnvironmentChecks(VigilConfig model, ParseContext ctx)
{
    private readonly IHostEnvironment? _host = ctx.Options.Host;
    private readonly HashSet<string> _reportedInterfaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _disabledTracks = new(StringComparer.Ordinal);
    private readonly HashSet<ScriptCommand> _disabledNotifies = [];

    /// <returns>The model without the scripts that must not run.</returns>
    public VigilConfig Run()
    {
        Check();
        var checkedModel = _disabledTracks.Count == 0 && _disabledNotifies.Count == 0 ? model : Prune();
        // keepalived runs scripts as keepalived_script when no user is given and that user exists, else as root.
        return checkedModel.Global.ScriptUser is null && _host is not null && _host.UserExists(KeepalivedScript)
            ? checkedModel with { Global = checkedModel.Global with { DefaultScriptUser = KeepalivedScript } }
            : checkedModel;
    }

    private const string KeepalivedScript = "keepalived_script";

    /// <summary>auth_hmac key files, as keepalived 2.4.3's `-t` judges them: one that cannot be opened or holds a key
    /// outside 32..64 bytes is an error (the extension is then disabled if it was the active key), one that group or
    /// others can read is a security error (exit 6).</summary>
    private void KeyFiles(VrrpInstanceConfig inst)
    {
        if (inst.AuthHmac is not { } h)
            return;
        var d = ctx.Diag;
        foreach (var k in h.Keys)
        {
            if (k.File is not { } path)
                continue;
            if (!_host!.TryReadKeyFile(path, out var key, out bool shared, out var error))
            {
                if (error is null)
                    continue;
                d.Error(
                    k.Location,
                    "auth-hmac-key-file",
                    $"({inst.Name}) auth_hmac key file '{path}' cannot be opened ({error})");
            }
            else
            {
                if (shared)
                {
                    d.Security(
                        k.Location,
                        "auth-hmac-key-file-mode",
                        $"({inst.Name}) auth_hmac key file '{path}' is readable by group or others");
                }

                if (key.Length is >= Core.Protocol.VrrpHmac.MinKeyLength and <= Core.Protocol.VrrpHmac.MaxKeyLength)
                    continue;
                d.Error(
                    k.Location,
                    "auth-hmac-key-length",
                    $"({inst.Name}) auth_hmac key {k.Id} length {key.Length} not in range [32, 64]");
            }
            if (k.Id == h.ActiveKey)
            {
                d.Error(
                    h.Location,
                    "auth-hmac-no-active-key",
                    $"({inst.Name}) auth_hmac active_key {h.ActiveKey} is not defined, disabling extension");
            }
        }
    }

    private void Check()
    {
        var d = ctx.Diag;
        var g = model.Global;
        if (_host is not null)
        {
            foreach (var inst in model.Instances)
            {
                if (inst.Interface is not null)
                    Interface(inst.Interface, inst.Location, $"vrrp_instance {inst.Name}");
                foreach (var t in inst.TrackInterfaces)
                    Interface(t.Name, t.Location, $"track_interface of {inst.Name}");
                foreach (var v in inst.VirtualIpAddresses.Concat(inst.VirtualIpAddressesExcluded))
                {
                    if (v.Dev is not null)
                        Interface(v.Dev, v.Location, $"VIP {v.Address} of {inst.Name}");
                }
                // keepalived's daemon refuses a route or rule naming an interface that does not exist.
                foreach (var r in inst.Routes)
                    RouteInterfaces(r, null, inst.Location, $"virtual route of {inst.Name}");
                foreach (var r in inst.Rules)
                    RouteInterfaces(null, r, inst.Location, $"virtual rule of {inst.Name}");
            }
            foreach (var v in model.StaticAddresses)
            {
                if (v.Dev is not null)
                    Interface(v.Dev, v.Location, $"static address {v.Address}");
            }
            foreach (var r in model.StaticRoutes)
                RouteInterfaces(r, null, SourceLocation.None, "static route");
            foreach (var r in model.StaticRules)
                RouteInterfaces(null, r, SourceLocation.None, "static rule");
            foreach (var inst in model.Instances)
                KeyFiles(inst);
            if (g.ScriptUser is not null && !_host.UserExists(g.ScriptUser))
                d.Error(g.Location, "unknown-user", $"script_user {g.ScriptUser} does not exist on this host");
        }

        // Every command keepalived checks: all vrrp_scripts (2.2.7 checks and counts an untracked one too, see
        // ScriptUsers) and notify scripts.
        var runnable = new List<(string What, IReadOnlyList<string> Argv, string? User, SourceLocation At,
            string? Track, ScriptCommand? Notify)>();
        foreach (var s in model.Scripts)
        {
            if (s.Command.Count > 0)
                runnable.Add(($"track script {s.Name}", s.Command, s.User, s.Location, s.Name, null));
        }
        foreach (var inst in model.Instances)
        {
            foreach (var n in (ReadOnlySpan<ScriptCommand?>)[
                inst.NotifyMaster,
                inst.NotifyBackup,
                inst.NotifyFault,
                inst.NotifyStop,
                inst.Notify,
                inst.NotifyMasterRxLowerPri])
            {
                if (n is not null)
                    runnable.Add(($"notify script of {inst.Name}", n.Argv, n.User, n.Location, null, n));
            }
        }
        foreach (var grp in model.SyncGroups)
        {
            foreach (var n in (ReadOnlySpan<ScriptCommand?>)[
                grp.NotifyMaster,
                grp.NotifyBackup,
                grp.NotifyFault,
                grp.NotifyStop,
                grp.Notify])
            {
                if (n is not null)
                    runnable.Add(($"notify script of {grp.Name}", n.Argv, n.User, n.Location, null, n));
            }
        }
        foreach (var n in model.RemovedGroupNotifies)
            runnable.Add(("notify script of a removed sync group", n.Argv, n.User, n.Location, null, n));

        var executed = 0;
        var insecure = 0;
        SourceLocation firstAt = default;
        foreach (var (what, argv, user, at, track, notify) in runnable)
        {
            void Disable()
            {
                if (track is not null)
                    _disabledTracks.Add(track);
                if (notify is not null)
                    _disabledNotifies.Add(notify);
            }

            var effectiveUser = user
                ?? g.ScriptUser
                ?? (_host?.UserExists(KeepalivedScript) == true ? KeepalivedScript : null);
            if (_host is not null)
            {
                if (user is null && g.ScriptUser is not null && !_host.UserExists(g.ScriptUser))
                {
                    d.Error(
                        at,
                        "unknown-user",
                        $"{what}: unable to set the default user {g.ScriptUser}; the script is removed");
                    Disable();
                    continue;
                }
                if (user is not null && !_host.UserExists(user))
                {
                    d.Error(
                        at,
                        "unknown-user",
                        $"{what}: user {user} does not exist on this host; the script is removed");
                    Disable();
                    continue;
                }
                var status = _host.CheckScript(argv[0], effectiveUser);
                if (status is ScriptFileStatus.NotFound or ScriptFileStatus.NotExecutable)
                {
                    var why = status == ScriptFileStatus.NotFound ? "not found/accessible" : "not executable";
                    Disable();
                    if (track is not null)
                    {
                        d.Error(at, "script-not-found", $"disabling {what} since '{argv[0]}' is {why}");
                        continue;
                    }
                    // keepalived frees such a notify script too: it is never tried.
                    d.Warning(at, "script-not-found", $"disabling {what} since '{argv[0]}' is {why}; it never runs");
                    continue;
                }
                if (status == ScriptFileStatus.Insecure)
                {
                    if (g.EnableScriptSecurity)
                    {
                        d.Security(
                            at,
                            "script-insecure",
                            $"disabling {what}: unsafe permissions on '{argv[0]}' (a path component is writable by " +
                            $"non-root); it never runs");
                        Disable();
                        continue;
                    }
                    insecure++;
                }
                if (g.EnableScriptSecurity && effectiveUser is null && !_host.UserExists("keepalived_script"))
                {
                    d.Error(
                        at,
                        "no-script-user",
                        $"{what}: enable_script_security without script_user, and user keepalived_script does not " +
                        $"exist; the script is removed");
                    Disable();
                    continue;
                }
            }
            if (executed++ == 0)
                firstAt = at;
        }
        if (executed > 0 && !g.EnableScriptSecurity)
        {
            d.Security(firstAt, "script-security",
                $"SECURITY VIOLATION - scripts are being executed but script_security not " +
                $"enabled{(insecure > 0 ? $" ({insecure} with unsafe permissions)" : string.Empty)}; add " +
                $"'enable_script_security' (and 'script_user') to global_defs");
        }
    }

    private VigilConfig Prune()
    {
        bool Keep(TrackerRef t) => !_disabledTracks.Contains(t.Name);
        ScriptCommand? N(ScriptCommand? c) => c is not null && _disabledNotifies.Contains(c) ? null : c;
        return model with
        {
            Scripts = [.. model.Scripts.Where(s => !_disabledTracks.Contains(s.Name))],
            Instances = [.. model.Instances.Select(i => (i with
            {
                TrackScripts = [.. i.TrackScripts.Where(Keep)],
                NotifyMaster = N(i.NotifyMaster),
                NotifyBackup = N(i.NotifyBackup),
                NotifyFault = N(i.NotifyFault),
                NotifyStop = N(i.NotifyStop),
                Notify = N(i.Notify),
                NotifyMasterRxLowerPri = N(i.NotifyMasterRxLowerPri),
            }).SharingEmpties())],
            SyncGroups = [.. model.SyncGroups.Select(g => g with
            {
                TrackScripts = [.. g.TrackScripts.Where(Keep)],
                NotifyMaster = N(g.NotifyMaster),
                NotifyBackup = N(g.NotifyBackup),
                NotifyFault = N(g.NotifyFault),
                NotifyStop = N(g.NotifyStop),
                Notify = N(g.Notify),
            })],
        };
    }

    private void RouteInterfaces(RouteConfig? route, RuleConfig? rule, SourceLocation at, string what)
    {
        foreach (var name in (ReadOnlySpan<string?>)[route?.Dev, rule?.InInterface, rule?.OutInterface])
        {
            if (name is not null)
                Interface(name, at, $"{what} {(object?)route ?? rule}");
        }
        foreach (var nexthop in (IEnumerable<RouteNexthop>?)route?.Nexthops ?? [])
        {
            if (nexthop.Dev is not null)
                Interface(nexthop.Dev, at, $"{what} {route}");
        }
    }

    private void Interface(string name, SourceLocation at, string what)
    {
        if (_host!.InterfaceExists(name) || !_reportedInterfaces.Add(name + "@" + at))
            return;
        if (model.Global.DynamicInterfaces)
        {
            ctx.Diag.Warning(
                at,
                "interface-missing",
                $"interface {name} for {what} does not exist (yet); allowed by dynamic_interfaces");
        }
        else
        {
            ctx.Diag.BadInterface(at, "interface-missing", $"interface {name} for {what} does not exist on this host");
        }
    }
}
