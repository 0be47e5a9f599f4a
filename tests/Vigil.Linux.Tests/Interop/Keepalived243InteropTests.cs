using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>Clusters with keepalived 2.4.3 (VIGIL_KEEPALIVED_243) as the peer, on the configuration keepalived 2.3+
/// reads differently from 2.2.7: millisecond vrrp_script intervals and vrrp_delay_after_boot. Skipped, with the
/// reason, where 2.4.3 is not installed.</summary>
public sealed class Keepalived243InteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";

    private static void Require()
    {
        Root.Require();
        Node.Require243();
    }

    private static string Check(TestLab lab, string flag)
    {
        var path = Path.Combine(lab.WorkDir, "check");
        File.WriteAllText(path, $"#!/bin/sh\ntest -e {flag}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(flag, "");
        return path;
    }

    /// <summary>A 0.3 s script interval: keepalived 2.4.3 and Vigil both run it (2.2.7 would ignore it and keep 1
    /// s).</summary>
    private static string MillisecondScript(string path) =>
        $"vrrp_script chk {{\n script \"{path}\"\n interval 0.3\n timeout 0.25\n fall 1\n rise 1\n weight -60\n}}\n";

    private static string Global =>
        Configs.Global("enable_script_security\n script_user root\n vrrp_delay_after_boot 1");

    /// <summary>The master's millisecond script fails: its adverts drop from 150 to 90, below the other's 100, which
    /// takes over; checked on the wire with tcpdump.</summary>
    private static void MillisecondScriptFailureMoves(bool vigilIsMaster)
    {
        using var lab = new TestLab(2);
        var flag = Path.Combine(lab.WorkDir, "healthy");
        var check = Check(lab, flag);
        var masterConf = Global + MillisecondScript(check)
            + Configs.Instance(priority: 150, version: 3, advert: "0.1", extra: "track_script {\n chk\n }");
        var backupConf = Global + Configs.Instance(priority: 100, version: 3, advert: "0.1");
        var master = vigilIsMaster ? Node.StartVigil(lab, 1, masterConf) : Node.StartKeepalived243(lab, 1, masterConf);
        master.WaitFor(Master, Long);
        var backup = vigilIsMaster ? Node.StartKeepalived243(lab, 2, backupConf) : Node.StartVigil(lab, 2, backupConf);
        backup.WaitFor(Backup, Long);
        Assert.False(master.Has("ignoring|; ignored"), master.Log); // neither side drops the fractional interval
        using var capture = new Capture(lab.Host(2), 1, "ip proto 112 and src 192.0.2.11 and ip[22] == 90");
        File.Delete(flag);
        Assert.Contains("prio 90", capture.Wait(TimeSpan.FromSeconds(10)));
        backup.WaitFor(Master, Long);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), backup.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), master.Log);
    }

    [Fact]
    public void A_millisecond_script_on_a_vigil_master_lowers_its_adverts_and_keepalived_2_4_3_takes_over()
    {
        Require();
        MillisecondScriptFailureMoves(vigilIsMaster: true);
    }

    [Fact]
    public void A_millisecond_script_on_a_keepalived_2_4_3_master_moves_the_vip_to_vigil()
    {
        Require();
        MillisecondScriptFailureMoves(vigilIsMaster: false);
    }

    /// <summary>vrrp_delay_after_boot 1 on a machine up for longer than a second delays nothing on either side: both
    /// accept the keyword (2.2.7 would call it unknown) and elect as usual; a crash of the master hands over.</summary>
    [Fact]
    public void Delay_after_boot_long_past_delays_neither_and_they_fail_over()
    {
        Require();
        using var lab = new TestLab(2);
        var vigil = Node.StartVigil(lab, 1, Global + Configs.Instance(priority: 150, version: 3, advert: "0.1"));
        vigil.WaitFor(Master, Long);
        Assert.False(vigil.Has("Delaying startup"), vigil.Log);
        var ka = Node.StartKeepalived243(lab, 2, Global + Configs.Instance(priority: 100, version: 3, advert: "0.1"));
        ka.WaitFor(Backup, Long);
        Assert.False(ka.Has("Unknown keyword"), ka.Log);
        vigil.Crash();
        ka.WaitFor(Master, Long);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), ka.Log);
    }
}
