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
        Assert.Contains("unsafe permissions", Assert.Single(r.Codes("script-insecure")).Message, StringComparison.Ordinal);
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
        Assert.Equal(0, Load("enable_script_security", new Host(ScriptFileStatus.Ok, "root", "keepalived_script")).ExitCode);
    }

    [Fact]
    public void Missing_interface_cannot_run_and_outranks_security_errors()
    {
        // keepalived -t says 5 here, but its daemon refuses to start ("permanent error CONFIG"): Vigil says 4.
        var r = Conf.Load(Body.Replace("interface eth0", "interface eth5", StringComparison.Ordinal), new ConfigOptions { Host = new Host(ScriptFileStatus.Ok, "root") });
        Assert.Equal(4, r.ExitCode);
        Assert.Equal(DiagnosticClass.BadInterface, Assert.Single(r.Codes("interface-missing")).Class);
        Assert.True(r.Has("script-security"));
    }

    [Fact]
    public void Dynamic_interfaces_turns_missing_interfaces_into_warnings()
    {
        var r = Load("enable_script_security\nscript_user root\ndynamic_interfaces", new Host(ScriptFileStatus.Ok, "root"));
        var r2 = Conf.Load("global_defs {\n enable_script_security\n script_user root\n dynamic_interfaces\n}\n" + Body.Replace("interface eth0", "interface eth5", StringComparison.Ordinal),
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
}
