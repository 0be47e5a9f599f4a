using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Tests;

/// <summary>Fixtures/every-keyword.conf sets every modelled keyword to a non-default value; each lands in its
/// field.</summary>
public sealed class EveryKeywordFixtureTests
{
    private static readonly ConfigResult Result = ConfigLoader.Load(
        Path.Combine(TestPaths.TestProject, "Fixtures", "every-keyword.conf"),
        DiskSnapshot.Of(Path.Combine(TestPaths.TestProject, "Fixtures")),
        new ConfigOptions { HostName = "lab-1" });

    private static VigilConfig M => Result.Model!;

    private static VrrpInstanceConfig I(string name) => M.Instances.Single(i => i.Name == name);

    [Fact]
    public void Loads_without_errors()
    {
        Assert.NotNull(Result.Model);
        Assert.DoesNotContain(
            Result.Diagnostics,
            d => d.Severity == DiagnosticSeverity.Error && d.Code != "script-security");
        Assert.DoesNotContain(
            Result.Diagnostics,
            d => d.Code is "unknown-keyword" or "invalid-number" or "out-of-range");
    }

    [Fact]
    public void Global_defs()
    {
        var g = M.Global;
        Assert.Equal("lab-1", g.RouterId);
        Assert.Equal(3, g.VrrpVersion);
        Assert.Equal(7000, g.GarpMasterDelayMs);
        Assert.Equal(3, g.GarpMasterRepeat);
        Assert.Equal(60000, g.GarpMasterRefreshMs);
        Assert.Equal(2, g.GarpMasterRefreshRepeat);
        Assert.Equal(4000, g.GarpLowerPrioDelayMs);
        Assert.Equal(6, g.GarpLowerPrioRepeat);
        Assert.Equal(2, g.GarpIntervalMs);
        Assert.Equal(3, g.GnaIntervalMs);
        Assert.True(g.MinGarp);
        Assert.Equal("nobody", g.ScriptUser);
        Assert.Equal("nogroup", g.ScriptGroup);
        Assert.True(g.EnableScriptSecurity);
        Assert.Equal("/run/vigil.fifo", g.NotifyFifo!.Path);
        Assert.Equal("root", g.NotifyFifo.User);
        Assert.Equal(["/usr/local/bin/fifo-reader", "--all"], g.NotifyFifo.Script!.Argv);
        Assert.Equal("/run/vigil-vrrp.fifo", g.VrrpNotifyFifo!.Path);
        Assert.Equal(["/usr/local/bin/vrrp-fifo-reader"], g.VrrpNotifyFifo.Script!.Argv);
        Assert.True(g.NotifyPriorityChanges);
        Assert.True(g.FifoWriteVrrpStatesOnReload);
        Assert.Equal(IPAddress.Parse("224.0.0.19"), g.McastGroup4);
        Assert.Equal(IPAddress.Parse("ff02::13"), g.McastGroup6);
        Assert.True(g.V3ChecksumAsV2);
        Assert.True(g.LowerPrioNoAdvert);
        Assert.True(g.HigherPrioSendAdvert);
        Assert.Equal(4, g.DownTimerAdverts);
        Assert.Equal(2500, g.StartupDelayMs);
        Assert.Equal(30000, g.DelayAfterBootMs);
        Assert.Equal("/var/tmp/vigil.data", g.StateDumpFile);
        Assert.Equal("/var/tmp/vigil.stats", g.StatsDumpFile);
        Assert.Equal("/var/tmp/vigil.json", g.JsonDumpFile);
        Assert.True(g.CheckUnicastSrc);
        Assert.True(g.SkipCheckAdvAddr);
        Assert.False(g.OwnerIgnoreAdverts);
        Assert.True(g.DynamicInterfaces);
        Assert.True(g.UseSymlinkPaths);
        Assert.True(g.SetSupplementaryGroups);
        Assert.Equal("eth1", g.DefaultInterface);
        Assert.Equal(["/usr/local/bin/at-start", "now"], g.StartupScript!.Argv);
        Assert.Equal("root", g.StartupScript.User);
        Assert.Equal(["/usr/local/bin/at-stop"], g.ShutdownScript!.Argv);
        Assert.False(g.VrrpFastHandover);
        Assert.Equal(2, g.Location.Line);
    }

    [Fact]
    public void Scripts()
    {
        var s = M.Scripts.Single(x => x.Name == "chk_app");
        Assert.Equal(["/usr/local/bin/check-app", "--port", "8080", "two words"], s.Command);
        Assert.Equal(3000, s.IntervalMs);
        Assert.Equal(2000, s.TimeoutMs);
        Assert.Equal(-30, s.Weight);
        Assert.True(s.Reverse);
        Assert.Equal(3, s.Rise);
        Assert.Equal(4, s.Fall);
        Assert.Equal("www-data", s.User);
        Assert.Equal("www-data", s.Group);
        Assert.True(s.InitFail);
        Assert.True(s.Tracked);
        var d = M.Scripts.Single(x => x.Name == "chk_default");
        Assert.Equal(["/usr/local/bin/check-default"], d.Command);
        Assert.Equal(1000, d.IntervalMs);
        Assert.Equal(1000, d.TimeoutMs);
        Assert.Equal(0, d.Weight);
        Assert.False(d.Reverse);
        Assert.Equal(1, d.Rise);
        Assert.Equal(1, d.Fall);
        Assert.Null(d.User);
        Assert.False(d.InitFail);
    }

    [Fact]
    public void Track_file_process_and_garp_group()
    {
        var f = M.TrackFiles.Single();
        Assert.Equal(("tf_maint", "/var/run/maintenance", -10, true, 5, true, true),
            (f.Name, f.Path, f.Weight, f.Reverse, f.InitFileValue, f.InitFileOverwrite, f.Tracked));
        var p = M.TrackProcesses.Single();
        Assert.Equal("tp_haproxy", p.Name);
        Assert.Equal("haproxy", p.Process);
        Assert.Equal(["-f", "/etc/haproxy/haproxy.cfg"], p.Parameters);
        Assert.Equal("partial", p.ParamMatch);
        Assert.Equal((2, 4, 1500, 500, 250, true, 15, true, true),
            (p.Quorum, p.QuorumMax, p.DelayMs, p.ForkDelayMs, p.TerminateDelayMs, p.FullCommand, p.Weight, p.Reverse,
                p.Tracked));
        var g = M.GarpGroups.Single();
        Assert.Equal(100, g.GarpIntervalMs);
        Assert.Equal(200, g.GnaIntervalMs);
        Assert.Equal(["eth0", "eth1", "eth2"], g.Interfaces);
    }

    [Fact]
    public void Full_instance()
    {
        var i = I("VI_FULL");
        Assert.Equal(42, i.Vrid);
        Assert.Equal("eth0", i.Interface);
        Assert.Equal(IpFamily.IPv4, i.Family);
        Assert.Equal(3, i.Version);
        Assert.Equal(VrrpState.Backup, i.ConfiguredState);
        Assert.True(i.StateConfigured);
        Assert.Equal(150, i.Priority);
        Assert.Equal(500, i.AdvertIntervalMs);
        Assert.True(i.Preempt);
        Assert.Equal(3500, i.PreemptDelayMs);
        Assert.Equal(AuthType.None, i.AuthType);
        Assert.Equal(3, i.VirtualIpAddresses.Count);
        var v = i.VirtualIpAddresses[0];
        Assert.Equal(
            (IPAddress.Parse("192.0.2.10"), 24, IPAddress.Parse("192.0.2.255"), "eth0", "global", "eth0:vip", false),
            (v.Address, v.Prefix, v.Broadcast, v.Dev, v.Scope, v.Label, v.NoTrack));
        Assert.Equal(
            (32, (string?)null, "global"),
            (i.VirtualIpAddresses[1].Prefix, i.VirtualIpAddresses[1].Dev, i.VirtualIpAddresses[1].Scope));
        Assert.Equal(
            ("eth1", "link", true),
            (i.VirtualIpAddresses[2].Dev, i.VirtualIpAddresses[2].Scope, i.VirtualIpAddresses[2].NoTrack));
        var e = Assert.Single(i.VirtualIpAddressesExcluded);
        Assert.Equal((IPAddress.Parse("2001:db8::10"), 64, IpFamily.IPv6), (e.Address, e.Prefix, e.Family));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), i.UnicastSrcIp);
        Assert.Equal(2, i.UnicastPeers.Count);
        Assert.Equal(
            (IPAddress.Parse("192.0.2.2"), 250, 255),
            (i.UnicastPeers[0].Address, i.UnicastPeers[0].MinTtl, i.UnicastPeers[0].MaxTtl));
        Assert.Null(i.UnicastPeers[1].MinTtl);
        Assert.Equal(64, i.UnicastTtl);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), i.McastSrcIp);
        Assert.Equal(IPAddress.Parse("224.0.0.20"), i.McastDstIp);
        Assert.Equal(
            [("chk_app", -30, true), ("chk_default", 20, false)],
            i.TrackScripts.Select(t => (t.Name, t.Weight, t.Reverse)));
        Assert.Equal(
            [("eth1", -5, false), ("eth2", 0, false)],
            i.TrackInterfaces.Select(t => (t.Name, t.Weight, t.Reverse)));
        Assert.Equal([("tf_maint", -20, false)], i.TrackFiles.Select(t => (t.Name, t.Weight, t.Reverse)));
        Assert.Equal([("tp_haproxy", 15, true)], i.TrackProcesses.Select(t => (t.Name, t.Weight, t.Reverse)));
        Assert.True(i.DontTrackPrimary);
        Assert.Equal(
            (2000, 4, 30000, 3, 1000, 2),
            (i.GarpMasterDelayMs, i.GarpMasterRepeat, i.GarpMasterRefreshMs, i.GarpMasterRefreshRepeat,
                i.GarpLowerPrioDelayMs, i.GarpLowerPrioRepeat));
        Assert.False(i.LowerPrioNoAdvert);
        Assert.True(i.HigherPrioSendAdvert);
        Assert.False(i.V3ChecksumAsV2);
        Assert.True(i.CheckUnicastSrc);
        Assert.True(i.UnicastFaultNoPeer);
        Assert.Equal(5, i.DownTimerAdverts);
        Assert.False(i.Accept);
        Assert.False(i.SkipCheckAdvAddr);
        Assert.True(i.OwnerIgnoreAdverts);
        Assert.False(i.NotifyPriorityChanges);
        Assert.Equal(["/usr/local/bin/notify", "master", "VI FULL"], i.NotifyMaster!.Argv);
        Assert.Equal(
            ("root", "wheel", true),
            (i.NotifyMaster.User, i.NotifyMaster.Group, i.NotifyMaster.SupplementaryGroups));
        Assert.Equal(["/usr/local/bin/notify-backup"], i.NotifyBackup!.Argv);
        Assert.Equal(["/usr/local/bin/notify", "fault"], i.NotifyFault!.Argv);
        Assert.Equal(["/usr/local/bin/notify", "stop"], i.NotifyStop!.Argv);
        Assert.Equal(("nobody", (string?)null), (i.Notify!.User, i.Notify.Group));
        Assert.Equal(["/usr/local/bin/notify", "lower"], i.NotifyMasterRxLowerPri!.Argv);
        Assert.Equal("SG_1", i.SyncGroup);
        Assert.Equal(88, i.Location.Line);
    }

    [Fact]
    public void Owner_instance_gets_keepalived_derivations()
    {
        var i = I("VI_OWNER");
        Assert.Equal(255, i.Priority);
        Assert.Equal(VrrpState.Master, i.ConfiguredState);
        Assert.True(i.Preempt);
        Assert.True(i.Accept);
        Assert.Equal(2, i.Version);
        Assert.Equal(AuthType.Pass, i.AuthType);
        Assert.Equal("secret", i.AuthPass);
        Assert.Contains(Result.Diagnostics, d => d.Code == "nopreempt-cleared");
        Assert.Equal(IPAddress.Parse("224.0.0.19"), i.McastDstIp);
        Assert.Null(i.SyncGroup);
    }

    [Fact]
    public void Ipv6_instance_and_sync_group()
    {
        var i = I("VI_V6");
        Assert.Equal(IpFamily.IPv6, i.Family);
        Assert.Equal(3, i.Version);
        Assert.Equal(1230, i.AdvertIntervalMs);
        Assert.Equal(VrrpState.Backup, i.ConfiguredState);
        Assert.Equal(IPAddress.Parse("ff02::13"), i.McastDstIp);
        Assert.Equal(2, i.VirtualIpAddresses.Count);
        var g = Assert.Single(M.SyncGroups);
        Assert.Equal(["VI_FULL", "VI_V6"], g.Members);
        Assert.Equal(["/usr/local/bin/group", "master"], g.NotifyMaster!.Argv);
        Assert.Equal(["/usr/local/bin/group-all"], g.Notify!.Argv);
        Assert.True(g.SyncGroupTrackingWeight);
    }
}
