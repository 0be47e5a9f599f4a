using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

public sealed class NetlinkTests
{
    [Fact]
    public void Adds_lists_and_removes_addresses_idempotently_with_label_and_broadcast()
    {
        using var lab = new TestLab(1);
        using var nl = lab.Own(NetNs.Run(lab.Host(1), () => new RtNetlink()));
        var eth0 = nl.FindLink("eth0");
        Assert.NotNull(eth0);
        Assert.True(eth0.IsUpAndRunning);
        Assert.NotNull(eth0.Mac);

        var vip = new AddressInfo(eth0.Index, IPAddress.Parse("198.51.100.1"), 24, IPAddress.Parse("198.51.100.255"),
            Label: "eth0:vip");
        Assert.True(nl.AddAddress(vip).Ok);
        var again = nl.AddAddress(vip);
        Assert.True(again.Ok);
        Assert.True(again.AlreadyDone);

        var listed = nl.ListAddresses(AddressFamily.InterNetwork).Single(a => a.Address.Equals(vip.Address));
        Assert.Equal(24, listed.Prefix);
        Assert.Equal("eth0:vip", listed.Label);
        Assert.Equal(IPAddress.Parse("198.51.100.255"), listed.Broadcast);
        Assert.Contains("198.51.100.1/24", lab.Addresses(1));

        Assert.True(nl.RemoveAddress(vip).Ok);
        Assert.True(nl.RemoveAddress(vip).AlreadyDone);
        Assert.DoesNotContain("198.51.100.1/24", lab.Addresses(1));
    }

    [Fact]
    public void Adds_an_ipv6_address_and_reports_a_bad_interface_as_a_failure()
    {
        using var lab = new TestLab(1);
        using var nl = lab.Own(NetNs.Run(lab.Host(1), () => new RtNetlink()));
        var eth0 = nl.FindLink("eth0")!;
        var vip6 = new AddressInfo(eth0.Index, IPAddress.Parse("2001:db8:1::1"), 64);
        Assert.True(nl.AddAddress(vip6).Ok);
        Assert.Contains(
            nl.ListAddresses(AddressFamily.InterNetworkV6),
            a => a.Address.Equals(vip6.Address) && a.Prefix == 64);
        Assert.True(nl.RemoveAddress(vip6).Ok);

        var failed = nl.AddAddress(new AddressInfo(9999, IPAddress.Parse("198.51.100.2"), 32));
        Assert.False(failed.Ok);
        Assert.Equal(19, failed.Errno); // ENODEV
    }

    [Fact]
    public async Task Link_monitor_reports_down_and_up()
    {
        using var lab = new TestLab(1);
        using var monitor = lab.Own(NetNs.Run(lab.Host(1), () => new LinkMonitor()));
        monitor.Start();
        lab.Ip(1, "link", "set", "eth0", "down");
        var down = await NextFor(monitor, "eth0", l => !l.IsUpAndRunning);
        Assert.False(down.IsUpAndRunning);
        lab.Ip(1, "link", "set", "eth0", "up");
        var up = await NextFor(monitor, "eth0", l => l.IsUpAndRunning);
        Assert.True(up.IsUpAndRunning);
    }

    [Fact]
    public async Task Link_monitor_reports_a_secondary_deleted_with_its_primary()
    {
        using var lab = new TestLab(1);
        using var monitor = lab.Own(NetNs.Run(lab.Host(1), () => new LinkMonitor()));
        monitor.Start();
        lab.Ip(1, "addr", "add", "198.51.100.1/24", "dev", "eth0");
        lab.Ip(1, "addr", "add", "198.51.100.2/24", "dev", "eth0");
        lab.Ip(1, "addr", "del", "198.51.100.1/24", "dev", "eth0");
        var seen = new HashSet<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // The kernel reports the secondary (deleted with the primary) as well as the primary, in either order.
        while (!(seen.Contains("198.51.100.1") && seen.Contains("198.51.100.2")))
        {
            var deleted = await monitor.DeletedAddresses.ReadAsync(cts.Token);
            seen.Add(deleted.Address.ToString());
        }
    }

    private static async Task<LinkInfo> NextFor(LinkMonitor monitor, string name, Func<LinkInfo, bool> match)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var l = await monitor.Changes.ReadAsync(cts.Token);
            if (l.Name == name && match(l))
                return l;
        }
    }
}
