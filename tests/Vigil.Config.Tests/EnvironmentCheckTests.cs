using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>keepalived's `-t` host checks and script-security rule, against a scripted host.</summary>
public sealed class EnvironmentCheckTests
{
    private sealed class Host(ScriptFileStatus status, params string[] users) : IHostEnvironment
    {
        public List<(string Command, string? User)> Asked { get; } = [];
        public bool InterfaceExists(string name) => name == "eth0";
        public bool UserExists(string name) => users.Contains(name);
        public bool GroupExists(string name) => true;

        public ScriptFileStatus CheckScript(string command, string? user)
        {
            Asked.Add((command, user));
            return status;
        }
    }

    private const string Body = """
        vrrp_script chk {
            script "/usr/bin/chk --x"
            weight -10
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 5
            virtual_ipaddress { 192.0.2.1 }
            track_script { chk }
        }
        """;

    private static ConfigResult Load(string globals, IHostEnvironment? host) =>
        Conf.Load($"global_defs {{\n{globals}\n}}\n" + Body, new ConfigOptions { Host = host });

    [Fact]
    public void Secure_script_with_security_enabled_is_clean()
    {
        var host = new Host(ScriptFileStatus.Ok, "root");
        var r = Load("enable_script_security\nscript_user root", host);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([("/usr/bin/chk", "root")], host.Asked);
    }

    [Fact]
    public void Running_scripts_without_security_is_a_security_error()
    {
        var r = Load(string.Empty, new Host(ScriptFileStatus.Ok, "root"));
        Assert.Equal(6, r.ExitCode);
        Assert.Single(r.Codes("script-security"));
    }

    [Fact]
    public void Insecure_path_with_security_enabled_disables_the_script()
    {
        var r = Load("enable_script_security\nscript_user root", new Host(ScriptFileStatus.Insecure, "root"));
        Assert.Equal(6, r.ExitCode);
        Assert.Contains(
            "unsafe permissions",
            Assert.Single(r.Codes("script-insecure")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_script_is_disabled_and_does_not_count_as_executed()
    {
        var r = Load(string.Empty, new Host(ScriptFileStatus.NotFound, "root"));
        Assert.Equal(5, r.ExitCode);
        Assert.Single(r.Codes("script-not-found"));
        Assert.False(r.Has("script-security"));
    }

    [Fact]
    public void Unknown_script_user_removes_the_script()
    {
        var r = Load("enable_script_security\nscript_user ghost", new Host(ScriptFileStatus.Ok, "root"));
        Assert.Equal(5, r.ExitCode);
        Assert.Single(r.Codes("unknown-user"));
        // As keepalived: the script is removed, then the instance's track_script is "not found".
        Assert.Single(r.Codes("script-user"));
        Assert.Single(r.Codes("unknown-script"));
        Assert.Empty(r.Model!.Scripts);
        Assert.Empty(r.Model.Instances[0].TrackScripts);
    }

    [Fact]
    public void Offline_keeps_scripts_whose_user_is_unknown()
    {
        var r = Load("enable_script_security\nscript_user ghost", null);
        Assert.Single(r.Model!.Scripts);
        Assert.Single(r.Model.Instances[0].TrackScripts);
        Assert.False(r.Has("script-user"));
    }

    [Fact]
    public void Security_without_script_user_needs_keepalived_script()
    {
        var r = Load("enable_script_security", new Host(ScriptFileStatus.Ok, "root"));
        Assert.True(r.Has("script-user"));
        Assert.Equal(5, r.ExitCode);
        Assert.Empty(r.Model!.Instances[0].TrackScripts);
        Assert.Equal(
            0,
            Load("enable_script_security", new Host(ScriptFileStatus.Ok, "root", "keepalived_script")).ExitCode);
    }

    [Fact]
    public void Missing_interface_cannot_run_and_outranks_security_errors()
    {
        // keepalived -t says 5 here, but its daemon refuses to start ("permanent error CONFIG"): Vigil says 4.
        var r = Conf.Load(
            Body.Replace("interface eth0", "interface eth5", StringComparison.Ordinal),
            new ConfigOptions { Host = new Host(ScriptFileStatus.Ok, "root") });
        Assert.Equal(4, r.ExitCode);
        Assert.Equal(DiagnosticClass.BadInterface, Assert.Single(r.Codes("interface-missing")).Class);
        Assert.True(r.Has("script-security"));
    }

    [Fact]
    public void Dynamic_interfaces_turns_missing_interfaces_into_warnings()
    {
        var r = Load(
            "enable_script_security\nscript_user root\ndynamic_interfaces",
            new Host(ScriptFileStatus.Ok, "root"));
        var r2 = Conf.Load(
            "global_defs {\n enable_script_security\n script_user root\n dynamic_interfaces\n}\n" +
            Body.Replace("interface eth0", "interface eth5", StringComparison.Ordinal),
            new ConfigOptions { Host = new Host(ScriptFileStatus.Ok, "root") });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(0, r2.ExitCode);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(r2.Codes("interface-missing")).Severity);
    }

    [Fact]
    public void Offline_asks_the_host_nothing()
    {
        var r = Load("enable_script_security\nscript_user ghost", null);
        Assert.Equal(0, r.ExitCode);
        Assert.False(r.Has("unknown-user"));
    }

    /// <summary>Answers per script path, so one configuration can hold a safe and an unsafe script.</summary>
    private sealed class PerPathHost(Dictionary<string, ScriptFileStatus> statuses) : IHostEnvironment
    {
        public bool InterfaceExists(string name) => name == "eth0";
        public bool UserExists(string name) => name == "root";
        public bool GroupExists(string name) => true;
        public ScriptFileStatus CheckScript(string command, string? user) =>
            statuses.GetValueOrDefault(command, ScriptFileStatus.Ok);
    }

    private const string Notifying = """
        global_defs {
            enable_script_security
            script_user root
        }
        vrrp_script bad { script "/srv/bad.sh" weight -10 }
        vrrp_script good { script "/srv/good.sh" weight 5 }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 5
            virtual_ipaddress { 192.0.2.1 }
            track_script {
                bad
                good
            }
            notify_master "/srv/bad.sh master"
            notify_backup "/srv/good.sh backup"
            notify "/srv/missing.sh"
            notify_fault "/srv/noexec.sh"
        }
        vrrp_sync_group G {
            group { VI_1 }
            track_script { bad }
            notify_master "/srv/bad.sh group"
        }
        """;

    private static readonly Dictionary<string, ScriptFileStatus> Statuses = new()
    {
        ["/srv/bad.sh"] = ScriptFileStatus.Insecure,
        ["/srv/missing.sh"] = ScriptFileStatus.NotFound,
        ["/srv/noexec.sh"] = ScriptFileStatus.NotExecutable,
    };

    [Fact]
    public void Insecure_missing_and_unexecutable_scripts_are_removed_from_the_model()
    {
        // keepalived frees such scripts: a disabled track script neither runs nor applies its weight, and a
        // disabled notify command is never started. Reporting them while keeping them let them run as root.
        var r = Conf.Load(Notifying, new ConfigOptions { Host = new PerPathHost(Statuses) });
        var m = r.Model!;
        Assert.Equal(["good"], m.Scripts.Select(s => s.Name));
        var vi = Assert.Single(m.Instances);
        Assert.Equal(["good"], vi.TrackScripts.Select(t => t.Name));
        Assert.Null(vi.NotifyMaster);
        Assert.Null(vi.Notify);
        Assert.Null(vi.NotifyFault);
        Assert.Equal("/srv/good.sh backup", vi.NotifyBackup?.CommandLine);
        var g = Assert.Single(m.SyncGroups);
        Assert.Empty(g.TrackScripts);
        Assert.Null(g.NotifyMaster);
        Assert.Equal(3, r.Codes("script-insecure").Count());
        Assert.Equal(2, r.Codes("script-not-found").Count());
    }

    [Fact]
    public void Without_script_security_an_insecure_script_still_runs_as_keepalived_does()
    {
        var r = Conf.Load(Notifying.Replace("enable_script_security", string.Empty, StringComparison.Ordinal),
            new ConfigOptions { Host = new PerPathHost(Statuses) });
        var vi = Assert.Single(r.Model!.Instances);
        Assert.Equal(["bad", "good"], vi.TrackScripts.Select(t => t.Name));
        Assert.Equal("/srv/bad.sh master", vi.NotifyMaster?.CommandLine);
        Assert.Null(vi.Notify); // missing: removed whatever the security setting
        Assert.Contains(
            "with unsafe permissions",
            Assert.Single(r.Codes("script-security")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_script_user_takes_the_script_out_of_every_instance()
    {
        var r = Load("enable_script_security\nscript_user ghost", new Host(ScriptFileStatus.Ok, "root"));
        Assert.Empty(r.Model!.Scripts);
        Assert.Empty(Assert.Single(r.Model.Instances).TrackScripts);
    }

    [Fact]
    public void Scripts_default_to_keepalived_script_when_that_user_exists()
    {
        var host = new Host(ScriptFileStatus.Ok, "keepalived_script");
        var r = Load(string.Empty, host);
        Assert.Null(r.Model!.Global.ScriptUser);
        Assert.Equal("keepalived_script", r.Model.Global.DefaultScriptUser);
        Assert.Contains(("/usr/bin/chk", "keepalived_script"), host.Asked);
    }

    [Fact]
    public void Without_keepalived_script_or_offline_the_default_is_root()
    {
        Assert.Null(Load(string.Empty, new Host(ScriptFileStatus.Ok)).Model!.Global.DefaultScriptUser);
        Assert.Null(Load(string.Empty, null).Model!.Global.DefaultScriptUser);
        // script_user wins over the default user.
        var r = Load("script_user nobody", new Host(ScriptFileStatus.Ok, "nobody", "keepalived_script"));
        Assert.Equal(("nobody", (string?)null), (r.Model!.Global.ScriptUser, r.Model.Global.DefaultScriptUser));
    }
}
