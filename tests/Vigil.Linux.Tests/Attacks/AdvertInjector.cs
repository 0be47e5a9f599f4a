using System.Net;
using System.Net.Sockets;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Linux.Netlink;
using Vigil.Linux.Sockets;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>A third host on the segment that sends well-formed VRRP adverts nobody asked for: a raw VRRP socket
/// opened in its namespace, and adverts encoded with a correct checksum for the given source so the daemon's
/// checks accept them. Every send loop is bounded in count and time.</summary>
public sealed class AdvertInjector : IDisposable
{
    public static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");
    private readonly VrrpSocket _socket;

    public AdvertInjector(TestLab lab, int host)
    {
        Source = TestLab.HostV4(host);
        _socket = NetNs.Run(lab.Host(host), () =>
        {
            using var nl = new RtNetlink();
            var eth0 = nl.FindLink("eth0")!;
            return VrrpSocket.Open(AddressFamily.InterNetwork, "eth0", eth0.Index);
        });
    }

    public IPAddress Source { get; }

    public long Sent { get; private set; }

    /// <summary>A VRRPv3 advert (interval in centiseconds) for one VIP, checksummed for this host's address.</summary>
    public byte[] V3(byte vrid, byte priority, int intervalCs, string vip)
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv4, new(vrid), new(priority),
            VrrpWire.FromCentiseconds(intervalCs),
            IpAddressValue.FromIPAddress(Source), IpAddressValue.FromIPAddress(Group));
        var buffer = new byte[64];
        return buffer[..VrrpCodec.Encode(spec, [IpAddressValue.Parse(vip)], buffer)];
    }

    /// <summary>Sends <paramref name="advert"/> <paramref name="count"/> times in batches of <paramref name="batch"/>
    /// every <paramref name="pause"/>, stopping early at <paramref name="limit"/>.</summary>
    public void Flood(byte[] advert, int count, int batch, TimeSpan pause, TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        for (var i = 0; i < count && DateTime.UtcNow < end; i++)
        {
            if (_socket.Send(advert, Source, Group, 255) == 0)
                Sent++;
            if ((i + 1) % batch == 0)
                Thread.Sleep(pause);
        }
    }

    /// <summary>Sends one advert (any payload, an auth_hmac trailer included) to the VRRP group with
    /// <paramref name="source"/> as the IP source address, which may be another host's (a spoofed sender).</summary>
    public bool SendFrom(byte[] advert, IPAddress source)
    {
        bool sent = _socket.Send(advert, source, Group, 255) == 0;
        Sent += sent ? 1 : 0;
        return sent;
    }

    public void Dispose() => _socket.Dispose();
}
