using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;
using Vigil.Linux.Sockets;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

public sealed class VrrpSocketTests
{
    // A VRRPv3 advert body (VRID 51, priority 100, one address); its bytes need not be valid for the socket.
    private static readonly byte[] Body = [0x31, 51, 100, 1, 0x00, 0x64, 0, 0, 198, 51, 100, 1];

    private static VrrpSocket Open(TestLab lab, int host, AddressFamily family) => NetNs.Run(lab.Host(host), () =>
    {
        using var nl = new RtNetlink();
        var eth0 = nl.FindLink("eth0")!;
        return VrrpSocket.Open(family, "eth0", eth0.Index);
    });

    private static async Task<ReceivedDatagram> Next(VrrpSocket s)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await s.Received.ReadAsync(cts.Token);
    }

    [Fact]
    public async Task Ipv4_multicast_arrives_with_ttl_255_tos_c0_and_the_chosen_source()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Open(lab, 1, AddressFamily.InterNetwork));
        var b = lab.Own(Open(lab, 2, AddressFamily.InterNetwork));
        using var capture = new Capture(lab.Host(2), 1, "ip proto 112");
        Assert.Equal(0, a.Send(Body, TestLab.HostV4(1), VrrpSocket.Group4, 255));
        var p = await Next(b);
        Assert.Equal(TestLab.HostV4(1), p.Source);
        Assert.Equal(VrrpSocket.Group4, p.Destination);
        Assert.Equal(255, p.Ttl);
        Assert.Equal(Body, p.Payload);
        Assert.Equal(b.IfIndex, p.IfIndex);
        var dump = capture.Wait(TimeSpan.FromSeconds(5));
        Assert.Contains("tos 0xc0", dump);
        Assert.Contains("ttl 255", dump);
    }

    [Fact]
    public async Task Ipv4_unicast_uses_the_given_ttl_and_the_sender_does_not_hear_itself()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Open(lab, 1, AddressFamily.InterNetwork));
        var b = lab.Own(Open(lab, 2, AddressFamily.InterNetwork));
        Assert.Equal(0, a.Send(Body, TestLab.HostV4(1), VrrpSocket.Group4, 255));
        Assert.Equal(0, a.Send(Body, TestLab.HostV4(1), TestLab.HostV4(2), 7));
        var first = await Next(b);
        var second = await Next(b);
        Assert.Equal(TestLab.HostV4(2), second.Destination);
        Assert.Equal(7, second.Ttl);
        Assert.Equal(255, first.Ttl);
        await Task.Delay(200);
        Assert.False(a.Received.TryRead(out _)); // multicast loop is off
    }

    [Fact]
    public async Task Ipv6_multicast_arrives_from_the_link_local_source_with_hop_limit_255_and_a_valid_checksum()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Open(lab, 1, AddressFamily.InterNetworkV6));
        var b = lab.Own(Open(lab, 2, AddressFamily.InterNetworkV6));
        byte[] body = [0x31, 51, 100, 1, 0x00, 0x64, 0, 0, .. IPAddress.Parse("2001:db8::100").GetAddressBytes()];
        Assert.Equal(0, a.Send(body, null, VrrpSocket.Group6, 255));
        // The receiving socket has IPV6_CHECKSUM set, so the kernel only delivers it if the sender's
        // kernel filled in a correct pseudo-header checksum.
        var p = await Next(b);
        Assert.True(p.Source.IsIPv6LinkLocal);
        Assert.Equal(VrrpSocket.Group6, p.Destination);
        Assert.Equal(255, p.Ttl);
        Assert.Equal(body.Length, p.Payload.Length);
        Assert.NotEqual(0, p.Payload[6] | p.Payload[7]);
    }
}
