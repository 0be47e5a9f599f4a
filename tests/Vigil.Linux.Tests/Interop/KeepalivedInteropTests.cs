using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>Mixed clusters with keepalived, each scenario once with Debian's 2.2.7 and once with 2.4.3: both elect the
/// same master and fail over both ways.</summary>
public sealed class KeepalivedInteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";

    private static string Conf(
        int priority,
        int version,
        string advert,
        string extra = "",
        string vips = "198.51.100.1/24",
        string family = "") =>
        Configs.Global() + Configs.Instance(
            priority: priority,
            version: version,
            advert: advert,
            extra: extra,
            vips: vips,
            family: family);

    /// <summary>Vigil (host 1) is master, keepalived (host 2) backup; then Vigil crashes and keepalived takes over,
    /// and when Vigil comes back it preempts keepalived.</summary>
    /// <param name="settle">How long the backup must stay BACKUP: longer than its Master_Down_Interval, so that it
    /// demonstrably accepts the master's adverts.</param>
    /// <param name="peer">Starts the keepalived peer (default Debian's 2.2.7; <see cref="Node.StartKeepalived243"/>
    /// for 2.4.3).</param>
    internal static void VigilMasterKeepalivedBackup(
        string vigilConf,
        string keepalivedConf,
        string vip = "198.51.100.1",
        TimeSpan? settle = null,
        Func<TestLab, int, string, Node>? peer = null)
    {
        using var lab = new TestLab(2);
        var vigil = Node.StartVigil(lab, 1, vigilConf);
        vigil.WaitFor(Master, Long);
        var ka = (peer ?? Node.StartKeepalived)(lab, 2, keepalivedConf);
        ka.WaitFor(Backup, Long);
        Thread.Sleep(settle ?? TimeSpan.FromMilliseconds(1500));
        Assert.False(ka.Has(Master), ka.Log);
        Assert.True(lab.HasAddress(1, vip), vigil.Log);
        Assert.False(lab.HasAddress(2, vip));

        vigil.Crash();
        ka.WaitFor(Master, Long);
        Assert.True(lab.HasAddress(2, vip), ka.Log);

        int mark = ka.LineCount;
        var again = Node.StartVigil(lab, 1, vigilConf);
        again.WaitFor(Master, Long);
        ka.WaitFor(Backup, Long, mark);
        Assert.True(lab.AddressBecomes(1, vip, present: true), again.Log);
        Assert.True(lab.AddressBecomes(2, vip, present: false), ka.Log);
        // With auth_type AH: keepalived refused none of Vigil's adverts as a forgery or a replay, not even those of
        // the restarted Vigil, whose own sequence started again from 1.
        Assert.False(ka.Has("IPSEC-AH"), ka.Log);
    }

    /// <summary>keepalived (host 1) is master, Vigil (host 2) backup; keepalived stops gracefully (priority 0) and
    /// Vigil takes over.</summary>
    internal static void KeepalivedMasterVigilBackup(
        string keepalivedConf,
        string vigilConf,
        string vip = "198.51.100.1",
        TimeSpan? settle = null,
        Func<TestLab, int, string, Node>? peer = null)
    {
        using var lab = new TestLab(2);
        var ka = (peer ?? Node.StartKeepalived)(lab, 1, keepalivedConf);
        ka.WaitFor(Master, Long);
        var vigil = Node.StartVigil(lab, 2, vigilConf);
        vigil.WaitFor(Backup, Long);
        Thread.Sleep(settle ?? TimeSpan.FromMilliseconds(1500));
        Assert.False(vigil.Has(Master), vigil.Log);
        Assert.True(lab.HasAddress(1, vip), ka.Log);

        ka.Signal("TERM");
        vigil.WaitFor(Master, Long);
        Assert.True(ka.WaitExit(Long));
        Assert.True(lab.AddressBecomes(2, vip, present: true), vigil.Log);
        Assert.True(lab.AddressBecomes(1, vip, present: false), ka.Log);
        Assert.False(ka.Has("IPSEC-AH"), ka.Log);
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V3_ipv4_multicast_vigil_master_keepalived_backup(string peer)
    {
        Peer.Require(peer);
        VigilMasterKeepalivedBackup(Conf(150, 3, "0.1"), Conf(100, 3, "0.1"), peer: Peer.Starter(peer));
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V3_ipv4_multicast_keepalived_master_vigil_backup(string peer)
    {
        Peer.Require(peer);
        KeepalivedMasterVigilBackup(Conf(150, 3, "0.1"), Conf(100, 3, "0.1"), peer: Peer.Starter(peer));
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V2_pass_authentication_both_ways(string peer)
    {
        Peer.Require(peer);
        const string auth = "authentication {\n auth_type PASS\n auth_pass s3cret\n }";
        KeepalivedMasterVigilBackup(Conf(150, 2, "1", auth), Conf(100, 2, "1", auth), peer: Peer.Starter(peer));
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V3_ipv6_vigil_master_keepalived_backup(string peer)
    {
        Peer.Require(peer);
        VigilMasterKeepalivedBackup(
            Conf(150, 3, "0.1", vips: "2001:db8:1::1/64"),
            Conf(100, 3, "0.1", vips: "2001:db8:1::1/64"),
            "2001:db8:1::1",
            peer: Peer.Starter(peer));
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V3_unicast_keepalived_master_vigil_backup(string peer)
    {
        Peer.Require(peer);
        string Unicast(int self, int other) =>
            $"unicast_src_ip {TestLab.HostV4(self)}\n unicast_peer {{\n {TestLab.HostV4(other)}\n }}";
        KeepalivedMasterVigilBackup(Conf(150, 3, "0.1", Unicast(1, 2)), Conf(100, 3, "0.1", Unicast(2, 1)),
            peer: Peer.Starter(peer));
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V3_keepalived_master_crash_vigil_takes_over(string peer)
    {
        Peer.Require(peer);
        using var lab = new TestLab(2);
        var ka = Peer.Start(lab, 1, Conf(150, 3, "0.1"), peer);
        ka.WaitFor(Master, Long);
        var vigil = Node.StartVigil(lab, 2, Conf(100, 3, "0.1"));
        vigil.WaitFor(Backup, Long);
        ka.Crash();
        vigil.WaitFor(Master, Long);
        Assert.True(lab.HasAddress(2, "198.51.100.1"), vigil.Log);
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void V2_vigil_master_stops_and_keepalived_takes_over_at_once(string peer)
    {
        Peer.Require(peer);
        using var lab = new TestLab(2);
        var vigil = Node.StartVigil(lab, 1, Conf(150, 2, "1"));
        vigil.WaitFor(Master, Long);
        var ka = Peer.Start(lab, 2, Conf(100, 2, "1"), peer);
        ka.WaitFor(Backup, Long);
        Thread.Sleep(1500);
        using var capture = new Capture(lab.Host(2), 1, "ip proto 112 and src 192.0.2.11 and ip[22] == 0");
        int before = ka.LineCount;
        vigil.Signal("TERM");
        Assert.Contains("prio 0", capture.Wait(TimeSpan.FromSeconds(5)));
        // "At once": keepalived took the priority-0 path (Skew_Time, 0.61 s at priority 100) rather than waiting out
        // Master_Down_Interval. Its own log line says so; a wall-clock bound would depend on the machine's load.
        var (heard, _) = ka.WaitFor("received priority 0", Long, before);
        var (became, _) = ka.WaitFor(Master, Long, before);
        Assert.True(heard < became, ka.Log);
        Assert.True(vigil.WaitExit(Long));
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), ka.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), vigil.Log);
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

    private static string ScriptBlock(string path) =>
        $"vrrp_script chk {{\n script \"{path}\"\n interval 1\n fall 1\n rise 1\n weight -60\n}}\n";

    /// <summary>The master's script fails: its advertised priority drops from 150 to 90 (150 - 60, spec section
    /// on weights), below the other's 100, which preempts. Checked on the wire with tcpdump.</summary>
    private static void ScriptFailureMoves(bool vigilIsMaster, string peer)
    {
        using var lab = new TestLab(2);
        var flag = Path.Combine(lab.WorkDir, "healthy");
        var check = Check(lab, flag);
        var masterConf = Configs.Global("enable_script_security\n script_user root") + ScriptBlock(check)
            + Configs.Instance(priority: 150, version: 3, advert: "0.1", extra: "track_script {\n chk\n }");
        var backupConf = Conf(100, 3, "0.1");
        var master = vigilIsMaster ? Node.StartVigil(lab, 1, masterConf) : Peer.Start(lab, 1, masterConf, peer);
        master.WaitFor(Master, Long);
        var backup = vigilIsMaster ? Peer.Start(lab, 2, backupConf, peer) : Node.StartVigil(lab, 2, backupConf);
        backup.WaitFor(Backup, Long);
        using var capture = new Capture(lab.Host(2), 1, "ip proto 112 and src 192.0.2.11 and ip[22] == 90");
        File.Delete(flag);
        var dump = capture.Wait(TimeSpan.FromSeconds(10));
        Assert.Contains("prio 90", dump);
        backup.WaitFor(Master, Long);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), backup.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), master.Log);
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void Script_failure_on_a_vigil_master_advertises_the_weighted_priority_and_keepalived_takes_over(string peer)
    {
        Peer.Require(peer);
        ScriptFailureMoves(vigilIsMaster: true, peer);
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void Script_failure_on_a_keepalived_master_moves_the_vip_to_vigil(string peer)
    {
        Peer.Require(peer);
        ScriptFailureMoves(vigilIsMaster: false, peer);
    }
}
