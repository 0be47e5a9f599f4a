using System.Text.Json;
using Vigil.Cli;
using Vigil.Config;

namespace Vigil.Operations.Tests.Check;

/// <summary>`vigil check` as a user runs it: options, output lines, exit codes and the --json contract.</summary>
public sealed class CheckCommandTests
{
    private sealed class FakeHost(params string[] interfaces) : IHostEnvironment
    {
        /// <summary>Network namespaces that can be entered, with their interfaces.</summary>
        public Dictionary<string, FakeHost> Namespaces { get; } = new(StringComparer.Ordinal);
        public IHostEnvironment? InNetNamespace(string netNamespace) => Namespaces.GetValueOrDefault(netNamespace);
        public bool InterfaceExists(string name) => interfaces.Contains(name);
        public bool UserExists(string name) => name is "root" or "nobody";
        public bool GroupExists(string name) => name is "root";
        public ScriptFileStatus CheckScript(string command, string? user) =>
            command.StartsWith("/missing", StringComparison.Ordinal) ? ScriptFileStatus.NotFound : ScriptFileStatus.Ok;
    }

    private const string Good = """
        global_defs {
            enable_script_security
            script_user root
        }
        vrrp_script chk {
            script "/bin/check --fast"
            weight -20
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 150
            virtual_ipaddress {
                192.0.2.10/24 dev eth0
            }
            unicast_src_ip 192.0.2.1
            unicast_peer {
                192.0.2.2
            }
            track_script {
                chk
            }
            notify_master "/bin/notify master"
        }
        virtual_server 192.0.2.80 80 {
            delay_loop 5
        }
        """;

    private static (int Code, string Out, string Err) Run(
        string text,
        IHostEnvironment? host = null,
        params string[] args)
    {
        var src = new InMemoryConfigSource().Add("/etc/keepalived/keepalived.conf", text).Add("/tmp/other.conf", text);
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CheckCommand.Run(args, o, e, src, host ?? new FakeHost("eth0"), "node1.example");
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Default_file_and_text_summary()
    {
        var (code, o, e) = Run(Good);
        Assert.Equal(0, code);
        Assert.Contains("instance VI_1: vrid 51 on eth0 ipv4 v2, BACKUP priority 150", o, StringComparison.Ordinal);
        Assert.Contains("skipped virtual_server 192.0.2.80 80", o, StringComparison.Ordinal);
        Assert.EndsWith("(exit 0)" + Environment.NewLine, o, StringComparison.Ordinal);
        Assert.Contains("/etc/keepalived/keepalived.conf:25:1: warning:", e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-f")]
    [InlineData("--use-file")]
    public void File_option_and_keepalived_t_alias(string flag)
    {
        var (code, o, _) = Run(Good, null, "-t", flag, "/tmp/other.conf", "-l", "-D", "--config-test=/dev/null");
        Assert.Equal(0, code);
        Assert.Contains("instance VI_1", o, StringComparison.Ordinal);
        Assert.Equal(4, Run(Good, null, "-f", "/tmp/none.conf").Code);
    }

    [Fact]
    public void Config_id_selects_conditional_lines()
    {
        const string Text = "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n@node1 priority 10\n" +
            "@lb priority 20\n virtual_ipaddress { 192.0.2.1 }\n}\n";
        Assert.Contains("priority 10,", Run(Text).Out, StringComparison.Ordinal);
        Assert.Contains("priority 20,", Run(Text, null, "-i", "lb").Out, StringComparison.Ordinal);
        Assert.Contains("priority 20,", Run(Text, null, "--config-id=lb").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_checks_and_offline()
    {
        var missingIf = Good.Replace("interface eth0", "interface eth9", StringComparison.Ordinal);
        var online = Run(missingIf);
        Assert.Equal(4, online.Code);
        Assert.Contains(
            "interface eth9 for vrrp_instance VI_1 does not exist on this host [interface-missing]",
            online.Err,
            StringComparison.Ordinal);
        var offline = Run(missingIf, null, "--offline");
        Assert.Equal(0, offline.Code);
        Assert.Contains("may differ on the target host", offline.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("may differ", online.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_turns_warnings_into_errors()
    {
        var (code, _, e) = Run(Good, null, "--strict");
        Assert.Equal(5, code);
        Assert.DoesNotContain(": warning:", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var (code, _, e) = Run(Good, null, "--frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--frobnicate'", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_contract_keys()
    {
        var (code, o, _) = Run(Good, null, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(o);
        var root = doc.RootElement;
        var d = root.GetProperty("diagnostics")[0];
        foreach (var k in (string[])["severity", "file", "line", "column", "code", "message"])
            Assert.True(d.TryGetProperty(k, out _), k);
        var model = root.GetProperty("model");
        var i = model.GetProperty("instances")[0];
        foreach (var k in (string[])[
            "name",
            "vrid",
            "interface",
            "family",
            "version",
            "state",
            "priority",
            "advert_int_ms",
            "preempt",
            "preempt_delay_ms",
            "auth_type",
            "virtual_ipaddresses",
            "virtual_ipaddresses_excluded",
            "unicast_src_ip",
            "unicast_peers",
            "track_scripts",
            "track_interfaces",
            "garp_master_delay_ms",
            "garp_master_repeat",
            "notify_master",
            "notify_backup",
            "notify_fault",
            "notify_stop",
            "notify"])
        {
            Assert.True(i.TryGetProperty(k, out _), k);
        }

        Assert.Equal(("VI_1", 51, "eth0", "ipv4", 2, "BACKUP", 150, 1000, true, "none"),
            (i.GetProperty("name").GetString(), i.GetProperty("vrid").GetInt32(),
             i.GetProperty("interface").GetString(), i.GetProperty("family").GetString(),
             i.GetProperty("version").GetInt32(), i.GetProperty("state").GetString(),
             i.GetProperty("priority").GetInt32(), i.GetProperty("advert_int_ms").GetInt32(),
             i.GetProperty("preempt").GetBoolean(), i.GetProperty("auth_type").GetString()));
        var vip = i.GetProperty("virtual_ipaddresses")[0];
        Assert.Equal(("192.0.2.10", 24, "eth0", "global", JsonValueKind.Null),
            (vip.GetProperty("address").GetString(), vip.GetProperty("prefix").GetInt32(),
             vip.GetProperty("dev").GetString(), vip.GetProperty("scope").GetString(),
             vip.GetProperty("label").ValueKind));
        Assert.Equal("192.0.2.2", i.GetProperty("unicast_peers")[0].GetString());
        var t = i.GetProperty("track_scripts")[0];
        Assert.Equal(
            ("chk", -20, false),
            (t.GetProperty("name").GetString(), t.GetProperty("weight").GetInt32(),
                t.GetProperty("reverse").GetBoolean()));
        Assert.Equal("/bin/notify", i.GetProperty("notify_master").GetProperty("command")[0].GetString());
        Assert.Equal(JsonValueKind.Null, i.GetProperty("notify_backup").ValueKind);
        var s = model.GetProperty("scripts")[0];
        foreach (var k in (string[])[
            "name",
            "command",
            "interval_ms",
            "timeout_ms",
            "weight",
            "reverse",
            "rise",
            "fall",
            "user",
            "tracked"])
        {
            Assert.True(s.TryGetProperty(k, out _), k);
        }

        Assert.Equal(["/bin/check", "--fast"], s.GetProperty("command").EnumerateArray().Select(x => x.GetString()));
        Assert.True(s.GetProperty("tracked").GetBoolean());
        Assert.Equal(0, model.GetProperty("sync_groups").GetArrayLength());
        var ignored = model.GetProperty("ignored_sections")[0];
        Assert.Equal(
            ("virtual_server", 25),
            (ignored.GetProperty("keyword").GetString(), ignored.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void Json_of_a_missing_file_has_a_null_model()
    {
        var (code, o, _) = Run(Good, null, "--json", "-f", "/tmp/none.conf");
        Assert.Equal(4, code);
        using var doc = JsonDocument.Parse(o);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("model").ValueKind);
        Assert.Equal("file-not-found", doc.RootElement.GetProperty("diagnostics")[0].GetProperty("code").GetString());
    }

    [Fact]
    public void Track_script_not_found_on_host_is_reported()
    {
        var (code, _, e) = Run(Good.Replace("/bin/check", "/missing/check", StringComparison.Ordinal));
        Assert.Equal(5, code);
        Assert.Contains(
            "disabling track script chk since '/missing/check' is not found/accessible",
            e,
            StringComparison.Ordinal);
    }

    private const string FoundOutOfOrder = """
        vrrp_script unused {
            script "/bin/true"
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 100
            raise 2
            virtual_ipaddress {
                192.0.2.10/24
            }
        }
        vrrp_instance VI_2 {
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                192.0.2.11/24
            }
        }
        """;

    [Fact]
    public void Diagnostics_are_printed_by_file_and_line()
    {
        // The front end finds some things (an unused script, a duplicate VRID) only after reading everything, so
        // its own order is not the file's; the precondition shows that this input exercises the sorting.
        var raw = ConfigLoader.Load("/etc/keepalived/keepalived.conf",
            new InMemoryConfigSource().Add("/etc/keepalived/keepalived.conf", FoundOutOfOrder),
            new ConfigOptions { HostName = "node1.example", Host = new FakeHost("eth0") });
        Assert.NotEqual(raw.Diagnostics.Select(d => d.Line), raw.Diagnostics.Select(d => d.Line).Order());

        var (_, _, e) = Run(FoundOutOfOrder);
        var lines = e.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.Parse(l.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(raw.Diagnostics.Count, lines.Count);
        Assert.Equal(lines.Order(), lines);
    }

    private const string InNamespace = "net_namespace blue\nvrrp_instance VI_1 {\n interface veth7\n" +
        " virtual_router_id 51\n virtual_ipaddress {\n 192.0.2.10/24\n }\n}\n";

    [Fact]
    public void Interfaces_are_looked_up_in_the_namespace_net_namespace_names()
    {
        var host = new FakeHost("eth0");
        host.Namespaces["blue"] = new FakeHost("veth7");
        var (code, output, err) = Run(InNamespace, host);
        Assert.Equal(0, code);
        Assert.DoesNotContain("veth7", err, StringComparison.Ordinal);
        Assert.StartsWith(
            "net_namespace blue: runs in /run/netns/blue, pid file and control socket in /run/vigil/blue/\n",
            output,
            StringComparison.Ordinal);

        host.Namespaces["blue"] = new FakeHost("eth0");
        (code, _, err) = Run(InNamespace, host);
        Assert.NotEqual(0, code);
        Assert.Contains("veth7", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespace_that_cannot_be_entered_is_said_and_the_interfaces_are_checked_here()
    {
        var (code, _, err) = Run(InNamespace, new FakeHost("veth7"));
        Assert.Equal(0, code);
        Assert.Contains(
            "vigil check: net_namespace blue: /run/netns/blue cannot be entered",
            err,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_namespace_option_looks_up_interfaces_in_the_namespace_it_names()
    {
        var host = new FakeHost("eth0");
        host.Namespaces["red"] = new FakeHost("veth7");
        var (code, _, err) = Run(InNamespace, host, "-s", "red");
        Assert.Equal(0, code);
        Assert.DoesNotContain("veth7", err, StringComparison.Ordinal);
        (code, _, _) = Run(
            InNamespace.Replace("net_namespace blue\n", string.Empty, StringComparison.Ordinal),
            host,
            "--namespace=red");
        Assert.Equal(0, code);
    }
}
