using System.Net;
using Vigil.Core.Primitives;
using Vigil.Daemon;
using Vigil.Linux.Sockets;

namespace Vigil.Operations.Tests.Daemon;

/// <summary>Received packets are reused between the receive threads and the loop: a refilled packet carries only
/// the new packet's fields, and the pool keeps a bounded number.</summary>
public sealed class PacketPoolTests
{
    private static ReceivedView View(string source, byte[] payload, byte protocol = 112) =>
        new(IPAddress.Parse(source), IPAddress.Parse("224.0.0.18"), 2, 255, payload, 0, protocol);

    [Fact]
    public void A_returned_packet_is_rented_again_and_refilled_whole()
    {
        var pool = new PacketPool();
        var first = pool.Rent().Fill("eth0", IpFamily.IPv4, View("192.0.2.2", new byte[300]),
            MonotonicTime.FromMilliseconds(5));
        Assert.Equal(300, first.Payload.Length);
        pool.Return(first);

        var again = pool.Rent().Fill("eth1", IpFamily.IPv4, View("192.0.2.3", [1, 2, 3], 51),
            MonotonicTime.FromMilliseconds(6));
        Assert.Same(first, again);
        Assert.Equal("eth1", again.Interface);
        Assert.Equal(IPAddress.Parse("192.0.2.3"), again.Source);
        Assert.Equal(new byte[] { 1, 2, 3 }, again.Payload.ToArray());
        Assert.Equal(51, again.Protocol);
        Assert.Equal(MonotonicTime.FromMilliseconds(6), again.At);
        Assert.Equal(0, pool.Free);
    }

    [Fact]
    public void The_pool_keeps_at_most_its_bound()
    {
        var pool = new PacketPool();
        var rented = Enumerable.Range(0, PacketPool.Kept + 100).Select(_ => pool.Rent()).ToList();
        Assert.Equal(rented.Count, rented.Distinct().Count());
        rented.ForEach(pool.Return);
        Assert.Equal(PacketPool.Kept, pool.Free);
    }

    [Fact]
    public void A_packet_grown_by_a_large_datagram_is_not_kept()
    {
        var pool = new PacketPool();
        var large = pool.Rent().Fill("eth0", IpFamily.IPv4, View("192.0.2.2", new byte[8000]), MonotonicTime.Zero);
        Assert.Equal(8000, large.Payload.Length);
        pool.Return(large);
        Assert.Equal(0, pool.Free);
        Assert.NotSame(large, pool.Rent());
    }
}
