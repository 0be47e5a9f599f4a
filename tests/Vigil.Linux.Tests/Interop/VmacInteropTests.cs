using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>use_vmac against Debian's keepalived 2.2.7 on one bridge, and against the kernel's own view: the macvlan
/// (private mode, virtual router MAC) exists, carries the VIP and sends the adverts with the virtual MAC; both elect
/// and fail over both ways; nothing is left after a stop; a VMAC left by kill -9 is taken over at the next start;
/// a base interface that is down at start recovers when it comes up.</summary>
public sealed class VmacInteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";

    private static string Conf(
        int priority,
        string extra = "use_vmac",
        string vips = "198.51.100.1/24",
        string family = "",
        int version = 3) =>
        Configs.Global() +
        Configs.Instance(priority: priority, version: version, advert: "1", extra: extra, vips: vips, family: family);

    private static string Link(TestLab lab, int host, string dev) => lab.Ip(host, "-d", "link", "show", "dev", dev);

    private static bool LinkExists(TestLab lab, int host, string dev) =>
        Shell.Run("ip", "-n", lab.Host(host), "link", "show", "dev", dev).Code == 0;

    /// <summary>A sysctl by its /proc/sys path ("net/ipv4/conf/vrrp.51/arp_ignore": interface names hold
    /// dots).</summary>
    private static string Sysctl(TestLab lab, int host, string path) =>
        Shell.Must("ip", "netns", "exec", lab.Host(host), "cat", "/proc/sys/" + path).Trim();

    private static bool Becomes(Func<bool> condition, TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>The source MACs of the next adverts for <paramref name="vrid"/> seen on host 2's eth0.</summary>
    private static string AdvertsSeen(TestLab lab, int observer, string filter)
    {
        using var capture = new Capture(lab.Host(observer), 2, filter);
        return capture.Wait(TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void Ipv4_vmac_interoperates_with_keepalived_and_fails_over_both_ways()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(2);
        var vigil = Node.StartVigil(lab, 1, Conf(150));
        vigil.WaitFor(Master, Long);

        // The kernel's view: a private macvlan on eth0 with the IPv4 virtual router MAC of VRID 51, holding the VIP.
        var link = Link(lab, 1, "vrrp.51");
        Assert.Contains("vrrp.51@eth0", link, StringComparison.Ordinal);
        Assert.Contains("link/ether 00:00:5e:00:01:33", link, StringComparison.Ordinal);
        Assert.Contains("macvlan mode private", link, StringComparison.Ordinal);
        Assert.Contains("addrgenmode none", link, StringComparison.Ordinal);
        Assert.Contains("state UP", link, StringComparison.Ordinal);
        Assert.True(lab.Addresses(1, "vrrp.51").Contains("198.51.100.1/24"), vigil.Log);
        Assert.False(lab.HasAddress(1, "198.51.100.1")); // not on eth0
        // keepalived's sysctls, as observed with 2.2.7.
        Assert.Equal(["1", "1", "0", "1"], new[] { "net/ipv4/conf/vrrp.51/arp_ignore",
            "net/ipv4/conf/vrrp.51/accept_local", "net/ipv4/conf/vrrp.51/rp_filter",
            "net/ipv6/conf/vrrp.51/disable_ipv6" }.Select(k => Sysctl(lab, 1, k)));
        Assert.Equal(
            ["1", "1"],
            new[] { "net/ipv4/conf/eth0/arp_ignore", "net/ipv4/conf/eth0/arp_filter" }.Select(k => Sysctl(lab, 1, k)));

        // On the wire: Vigil's adverts leave with the virtual MAC and the base interface's address.
        var seen = AdvertsSeen(lab, 2, "ip proto 112 and src host 192.0.2.11");
        Assert.Contains("00:00:5e:00:01:33 > 01:00:5e:00:00:12", seen, StringComparison.Ordinal);

        var ka = Node.StartKeepalived(lab, 2, Conf(100));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(3500); // longer than keepalived's Master_Down_Interval: it accepts Vigil's adverts
        Assert.False(ka.Has(Master), ka.Log);

        // kill -9: the VMAC and its VIP stay behind; keepalived takes over with its own VMAC.
        vigil.Crash();
        ka.WaitFor(Master, Long);
        Assert.True(LinkExists(lab, 1, "vrrp.51"));
        Assert.True(Becomes(() => lab.Addresses(2, "vrrp.51").Contains("198.51.100.1/24"), Long), ka.Log);
        var kaSeen = AdvertsSeen(lab, 1, "ip proto 112 and src host 192.0.2.12");
        Assert.Contains("00:00:5e:00:01:33 > 01:00:5e:00:00:12", kaSeen, StringComparison.Ordinal);

        // The restarted Vigil takes the leftover VMAC over (no duplicate, the stale VIP removed) and preempts.
        int mark = ka.LineCount;
        var again = Node.StartVigil(lab, 1, Conf(150));
        again.WaitFor(Master, Long);
        ka.WaitFor(Backup, Long, mark);
        Assert.Contains("Reusing VMAC interface vrrp.51", again.Log, StringComparison.Ordinal);
        Assert.True(Becomes(() => lab.Addresses(1, "vrrp.51").Contains("198.51.100.1/24"), Long), again.Log);
        Assert.True(Becomes(() => !lab.Addresses(2, "vrrp.51").Contains("198.51.100.1/24"), Long), ka.Log);
        Assert.Single(
            lab.Ip(1, "-o", "link", "show", "type", "macvlan").Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // A graceful stop: keepalived takes over, and nothing of Vigil's is left on host 1.
        mark = ka.LineCount;
        again.Signal("TERM");
        Assert.True(again.WaitExit(Long), again.Log);
        ka.WaitFor(Master, Long, mark);
        Assert.False(LinkExists(lab, 1, "vrrp.51"), lab.Ip(1, "link"));
        Assert.Empty(lab.Ip(1, "-o", "link", "show", "type", "macvlan").Trim());
    }

    [Fact]
    public void Keepalived_master_vigil_backup_with_vmac_takes_over_on_keepalived_stop()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(2);
        var ka = Node.StartKeepalived(lab, 1, Conf(150));
        ka.WaitFor(Master, Long);
        var vigil = Node.StartVigil(lab, 2, Conf(100));
        vigil.WaitFor(Backup, Long);
        Thread.Sleep(3500);
        Assert.False(vigil.Has(Master), vigil.Log);
        // A backup's VMAC is up too (as keepalived's), without the VIP.
        Assert.Contains("state UP", Link(lab, 2, "vrrp.51"), StringComparison.Ordinal);
        Assert.Empty(lab.Addresses(2, "vrrp.51"));

        ka.Signal("TERM");
        vigil.WaitFor(Master, Long);
        Assert.True(ka.WaitExit(Long));
        Assert.True(Becomes(() => lab.Addresses(2, "vrrp.51").Contains("198.51.100.1/24"), Long), vigil.Log);
    }

    [Fact]
    public void Ipv6_vmac_interoperates_with_keepalived_both_ways()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(2);
        const string Vip = "2001:db8::51/64";
        var vigil = Node.StartVigil(lab, 1, Conf(150, vips: Vip));
        vigil.WaitFor(Master, Long);
        var link = Link(lab, 1, "vrrp.51");
        Assert.Contains("link/ether 00:00:5e:00:02:33", link, StringComparison.Ordinal);
        Assert.Contains("macvlan mode private", link, StringComparison.Ordinal);
        // The VMAC carries the VIP and a copy of eth0's link-local address (the adverts' source), as keepalived's.
        var eth0LinkLocal = lab.Addresses(1).Single(a => a.StartsWith("fe80:", StringComparison.Ordinal));
        Assert.Contains(eth0LinkLocal, lab.Addresses(1, "vrrp.51"));
        Assert.Contains(Vip, lab.Addresses(1, "vrrp.51"));
        var seen = AdvertsSeen(lab, 2, $"ip6 proto 112 and src host {eth0LinkLocal.Split('/')[0]}");
        Assert.Contains("00:00:5e:00:02:33 > 33:33:00:00:00:12", seen, StringComparison.Ordinal);

        var ka = Node.StartKeepalived(lab, 2, Conf(100, vips: Vip));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(3500);
        Assert.False(ka.Has(Master), ka.Log);

        vigil.Signal("TERM");
        Assert.True(vigil.WaitExit(Long), vigil.Log);
        ka.WaitFor(Master, Long);
        Assert.False(LinkExists(lab, 1, "vrrp.51"));

        // Vigil back as the lower priority: it hears keepalived's IPv6 adverts on its VMAC and stays BACKUP, then
        // takes over when keepalived stops.
        var again = Node.StartVigil(lab, 1, Conf(50, vips: Vip));
        again.WaitFor(Backup, Long);
        Thread.Sleep(3500);
        Assert.False(again.Has(Master), again.Log);
        Assert.DoesNotContain(Vip, lab.Addresses(1, "vrrp.51"));
        ka.Signal("TERM");
        again.WaitFor(Master, Long);
        Assert.True(ka.WaitExit(Long));
        Assert.True(Becomes(() => lab.Addresses(1, "vrrp.51").Contains(Vip), Long), again.Log);
    }

    [Fact]
    public void With_vmac_xmit_base_adverts_leave_from_the_base_interface_and_vips_stay_on_the_vmac()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(2);
        const string Extra = "use_vmac\n    vmac_xmit_base";
        var vigil = Node.StartVigil(lab, 1, Conf(150, Extra));
        vigil.WaitFor(Master, Long);
        var eth0Mac = lab.Ip(1, "-br", "link", "show", "dev", "eth0").Split(
            ' ',
            StringSplitOptions.RemoveEmptyEntries)[2];
        var seen = AdvertsSeen(lab, 2, "ip proto 112 and src host 192.0.2.11");
        Assert.Contains($"{eth0Mac} > 01:00:5e:00:00:12", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00:5e:00:01:33 >", seen, StringComparison.Ordinal);
        Assert.True(lab.Addresses(1, "vrrp.51").Contains("198.51.100.1/24"), vigil.Log);

        var ka = Node.StartKeepalived(lab, 2, Conf(100, Extra));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(3500);
        Assert.False(ka.Has(Master), ka.Log);
        vigil.Crash();
        ka.WaitFor(Master, Long);
        int mark = ka.LineCount;
        var again = Node.StartVigil(lab, 1, Conf(150, Extra));
        again.WaitFor(Master, Long);
        ka.WaitFor(Backup, Long, mark);
    }

    [Fact]
    public void A_base_interface_down_at_start_recovers_when_it_comes_up_for_ipv4_and_ipv6()
    {
        Root.Require();
        using var lab = new TestLab(1);
        lab.Ip(1, "link", "set", "eth0", "down");
        var conf = Configs.Global()
            + Configs.Instance(priority: 150, advert: "1", extra: "use_vmac", vips: "198.51.100.1/24")
            + Configs.Instance(
                name: "VI_6", vrid: 52, priority: 150, advert: "1", extra: "use_vmac", vips: "2001:db8::52/64");
        var vigil = Node.StartVigil(lab, 1, conf);
        vigil.WaitFor(@"\(VI_1\) Entering FAULT STATE", Long);
        vigil.WaitFor(@"\(VI_6\) Entering FAULT STATE", Long);
        // Created anyway, waiting on its lower interface.
        Assert.Contains("LOWERLAYERDOWN", Link(lab, 1, "vrrp.51"), StringComparison.Ordinal);
        Assert.Contains("link/ether 00:00:5e:00:02:34", Link(lab, 1, "vrrp.52"), StringComparison.Ordinal);

        lab.Ip(1, "link", "set", "eth0", "up");
        vigil.WaitFor(Master, Long);
        vigil.WaitFor(@"\(VI_6\) Entering MASTER STATE", Long);
        Assert.True(Becomes(() => lab.Addresses(1, "vrrp.51").Contains("198.51.100.1/24"), Long), vigil.Log);
        Assert.True(Becomes(() => lab.Addresses(1, "vrrp.52").Contains("2001:db8::52/64"), Long), vigil.Log);
        // The IPv6 VMAC got eth0's link-local address once eth0 had one, and adverts flow from it.
        Assert.True(
            Becomes(() => lab.Addresses(1, "vrrp.52").Any(a => a.StartsWith("fe80:", StringComparison.Ordinal)), Long),
            vigil.Log);
        vigil.Signal("TERM");
        Assert.True(vigil.WaitExit(Long), vigil.Log);
        Assert.Empty(lab.Ip(1, "-o", "link", "show", "type", "macvlan").Trim());
    }
}
