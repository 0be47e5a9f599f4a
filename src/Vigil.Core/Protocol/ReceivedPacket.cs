using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>What the IP layer says about a received advert: addresses and TTL / hop limit (from the IPv4
/// header, or from IPV6_RECVHOPLIMIT and IPV6_PKTINFO ancillary data).</summary>
public readonly record struct ReceivedPacket(IpAddressValue Source, IpAddressValue Destination, byte Ttl)
{
    public IpFamily Family => Source.Family;

    public bool IsMulticast => Destination.IsMulticast;

    public static ReceivedPacket From(in Ipv4Header header) => new(header.Source, header.Destination, header.Ttl);
}
