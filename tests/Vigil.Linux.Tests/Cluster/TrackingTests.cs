using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>Track scripts, track_interface, notify scripts and SIGHUP on a running cluster.</summary>
public sealed class TrackingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";
    private const string Fault = @"\(VI_1\) Entering FAULT STATE";

    /// <summary>A check that succeeds while <paramref name="flag"/> exists.</summary>
    private static string CheckScript(TestLab lab, string flag)
    {
        var path = Path.Combine(lab.WorkDir, "check-" + Path.GetFileName(flag));
        File.WriteAllText(path, $"#!/bin/sh\ntest -e {flag}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(flag, "");
        return path;
    }

    private static string ScriptBlock(string script, int weight) =>
        $$"""
        vrrp_script chk {
            script "{{script}}"
            interval 0.2
            timeout 1
            fall 1
            rise 1
            weight {{weight}}
        }

        """;

    [Fact]
    public void A_weighted_script_failure_moves_the_vip_and_its_recovery_moves_it_back()
    {
        using var lab = new TestLab(2);
        var flag = Path.Combine(lab.WorkDir, "healthy");
        var check = CheckScript(lab, flag);
        var a = Node.StartVigil(lab, 1, Configs.Global() + ScriptBlock(check, -100)
            + Configs.Instance(priority: 150, extra: "track_script {\n chk\n }"));
        a.WaitFor(Master, Long);
        var b = Node.StartVigil(lab, 2, Configs.Global() + Configs.Instance(priority: 100));
        b.WaitFor(Backup, Long);

        File.Delete(flag);
        a.WaitFor(@"VRRP_Script\(chk\) failed", Long);
        b.WaitFor(Master, Long);
        a.WaitFor(Backup, Long, a.WaitFor(Master, Long).Index);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), b.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), a.Log);

        int mark = a.LineCount;
        File.WriteAllText(flag, "");
        a.WaitFor(@"VRRP_Script\(chk\) succeeded", Long, mark);
        a.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), a.Log);
    }

    [Fact]
    public void A_weight_0_script_failure_is_fault_and_its_recovery_returns()
    {
        using var lab = new TestLab(1);
        var flag = Path.Combine(lab.WorkDir, "healthy");
        var check = CheckScript(lab, flag);
        var a = Node.StartVigil(lab, 1, Configs.Global() + ScriptBlock(check, 0)
            + Configs.Instance(priority: 150, extra: "track_script {\n chk\n }"));
        a.WaitFor(Master, Long);
        File.Delete(flag);
        a.WaitFor(Fault, Long);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), a.Log);
        int mark = a.LineCount;
        File.WriteAllText(flag, "");
        a.WaitFor(Master, Long, mark);
        Assert.True(lab.HasAddress(1, "198.51.100.1"), a.Log);
    }

    [Fact]
    public void Track_interface_down_is_fault_and_up_returns()
    {
        using var lab = new TestLab(1);
        lab.Ip(1, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        lab.Ip(1, "link", "set", "eth1p", "up");
        lab.Ip(1, "link", "set", "eth1", "up");
        lab.WaitRunning(1, "eth1");
        var a = Node.StartVigil(
            lab,
            1,
            Configs.Global() + Configs.Instance(priority: 150, extra: "track_interface {\n eth1\n }"));
        a.WaitFor(Master, Long);
        lab.Ip(1, "link", "set", "eth1", "down");
        a.WaitFor(Fault, Long);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), a.Log);
        int mark = a.LineCount;
        lab.Ip(1, "link", "set", "eth1", "up");
        a.WaitFor(Master, Long, mark);
        Assert.True(lab.HasAddress(1, "198.51.100.1"), a.Log);
    }

    [Fact]
    public void Notify_scripts_run_with_the_right_arguments_in_order()
    {
        using var lab = new TestLab(1);
        var log = Path.Combine(lab.WorkDir, "notify.log");
        var script = Path.Combine(lab.WorkDir, "notify.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$@\" >> {log}\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var fifo = Path.Combine(lab.WorkDir, "notify.fifo");
        var extra = $"notify_master \"{script} master-arg\"\n notify_backup \"{script} backup-arg\"\n notify_stop " +
            $"\"{script} stop-arg\"\n notify \"{script} generic\"";
        var a = Node.StartVigil(
            lab,
            1,
            Configs.Global($"notify_fifo {fifo}") + Configs.Instance(priority: 150, extra: extra));
        a.WaitFor(Master, Long);
        Thread.Sleep(500);
        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        var lines = File.ReadAllLines(log);
        Assert.Equal(
        [
            "backup-arg",
            "generic INSTANCE VI_1 BACKUP 150",
            "master-arg",
            "generic INSTANCE VI_1 MASTER 150",
            "stop-arg",
            "generic INSTANCE VI_1 STOP 150",
        ], lines);
    }

    [Fact]
    public void Sighup_with_an_unchanged_instance_does_not_flap_and_a_broken_file_keeps_running()
    {
        using var lab = new TestLab(2);
        var (a, b) = ElectionTests.Pair(lab);
        int markA = a.LineCount, markB = b.LineCount;
        a.Signal("HUP");
        a.WaitFor("Reloading", Long, markA);
        Thread.Sleep(1000);
        Assert.False(a.Has(@"Entering (BACKUP|FAULT|MASTER) STATE", markA), a.Log);
        Assert.False(b.Has(@"Entering MASTER STATE", markB), b.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));

        // A keyword without its value: keepalived refuses such a file (check exit code 4).
        File.WriteAllText(
            a.ConfigFile,
            File.ReadAllText(a.ConfigFile).Replace("priority 150", "priority", StringComparison.Ordinal));
        markA = a.LineCount;
        a.Signal("HUP");
        a.WaitFor("keeping the running configuration", Long, markA);
        Thread.Sleep(500);
        Assert.False(a.HasExited, a.Log);
        Assert.False(b.Has(@"Entering MASTER STATE", markB), b.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));
    }

    [Fact]
    public void Sighup_reloads_even_when_started_under_nohup()
    {
        // nohup (and some service wrappers) start the daemon with SIGHUP ignored; keepalived reloads anyway.
        using var lab = new TestLab(1);
        var a = Node.StartVigilUnder(lab, 1, Configs.Global() + Configs.Instance(priority: 150), ["nohup"]);
        a.WaitFor(Master, Long);
        var mark = a.LineCount;
        a.Signal("HUP");
        a.WaitFor("Reloading", Long, mark);
        Assert.False(a.HasExited, a.Log);
    }

    [Fact]
    public void A_hung_notify_script_and_a_hung_track_script_never_delay_adverts()
    {
        using var lab = new TestLab(2);
        var hang = Path.Combine(lab.WorkDir, "hang.sh");
        File.WriteAllText(hang, "#!/bin/sh\nsleep 30\n");
        File.SetUnixFileMode(hang, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = $"vrrp_script slow {{\n script \"{hang}\"\n interval 1\n timeout 20\n weight 10\n}}\n";
        var a = Node.StartVigil(lab, 1, Configs.Global() + script
            + Configs.Instance(priority: 150, extra: $"notify_master \"{hang}\"\n track_script {{\n slow\n }}"));
        a.WaitFor(Master, Long);
        var b = Node.StartVigil(lab, 2, Configs.Global() + Configs.Instance(priority: 100));
        b.WaitFor(Backup, Long);
        int mark = b.LineCount;
        // 100 ms adverts: any stall of a's loop longer than ~360 ms would let b take over.
        Thread.Sleep(3000);
        Assert.False(b.Has(Master, mark), b.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"), a.Log);
    }
}
