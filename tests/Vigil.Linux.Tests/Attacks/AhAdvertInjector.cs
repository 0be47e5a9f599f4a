using System.Net;
using System.Net.Sockets;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Linux.Netlink;
using Vigil.Linux.Sockets;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>A third host that sends AH-authenticated VRRPv2 adverts (IP protocol 51) signed with a key of its
/// choosing and a sequence number of its choosing. Every send loop is bounded in count and time.</summary>
public sealed class AhAdvertInjector : IDisposable
{
    private readonly VrrpSocket _socket;

    public AhAdvertInjector(TestLab lab, int host)
    {
        Source = TestLab.HostV4(host);
        _socket = NetNs.Run(lab.Host(host), () =>
        {
            using var nl = new RtNetlink();
            var eth0 = nl.FindLink("eth0")!;
            return VrrpSocket.Open(AddressFamily.InterNetwork, "eth0", eth0.Index, protocol: VrrpAh.Protocol);
        });
    }

    public IPAddress Source { get; }

    public long Sent { get; private set; }

    /// <summary>Sends <paramref name="count"/> adverts, <paramref name="pause"/> apart, with sequence numbers from
    /// <paramref name="firstSequence"/> up by <paramref name="step"/>, signed with <paramref name="key"/>, to the
    /// multicast group, or to <paramref name="unicastTo"/> as a unicast instance signs them (TTL out of the ICV);
    /// <paramref name="spi"/> replaces the SPI (normally the source address).</summary>
    public void Send(byte vrid, byte priority, string vip, string key, uint firstSequence, int count, TimeSpan pause,
        uint step = 1, IPAddress? unicastTo = null, IPAddress? spi = null)
    {
        var password = VrrpPassword.FromString(key);
        var destination = unicastTo ?? AdvertInjector.Group;
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(vrid), new(priority),
            VrrpWire.FromCentiseconds(100),
            IpAddressValue.FromIPAddress(Source), IpAddressValue.FromIPAddress(destination), VrrpAuthType.Ah, password);
        var buffer = new byte[64];
        int length = VrrpAh.EncodeAdvert(spec, [IpAddressValue.Parse(vip)], firstSequence, buffer);
        spi?.TryWriteBytes(buffer.AsSpan(4, 4), out _); // an SPI other than the source, still correctly signed
        var end = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; i < count && DateTime.UtcNow < end; i++)
        {
            VrrpAh.WriteSequence(buffer, firstSequence + step * (uint)i);
            if (_socket.Send(
                buffer.AsSpan(0, length), Source, destination, 255, password, ahUnicast: unicastTo is not null)
                == 0)
            {
                Sent++;
            }

            Thread.Sleep(pause);
        }
    }

    public void Dispose() => _socket.Dispose();
}
