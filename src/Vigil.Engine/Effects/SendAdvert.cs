using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Engine.Effects;

/// <summary>Send one VRRP message (<paramref name="Payload"/> is the VRRP header onwards; the driver adds the IP
/// header: protocol 112, TOS 0xC0 for IPv4) to each of <paramref name="Destinations"/> (the multicast group, or
/// every unicast peer). <paramref name="Source"/> is null when the kernel picks the interface address (IPv6:
/// the link-local one). The payload buffer is owned by the engine: copy or send it before the next engine call.
/// With <see cref="AhKey"/> set (VRRPv2 <c>auth_type AH</c>) the payload is the AH header onwards: the driver sends it
/// as IP protocol 51 and fills the ICV once the IP header is written
/// (<see cref="Core.Protocol.VrrpAh.Sign"/>).</summary>
public sealed record SendAdvert(
    string Instance,
    string Interface,
    IpFamily Family,
    IPAddress? Source,
    IReadOnlyList<IPAddress> Destinations,
    byte Ttl,
    ReadOnlyMemory<byte> Payload,
    byte Priority) : EngineEffect
{
    public Core.Protocol.VrrpPassword? AhKey { get; init; }

    /// <summary>AH from an instance with unicast peers: the ICV leaves the TTL out
    /// (<see cref="Core.Protocol.VrrpAh.Sign"/>).</summary>
    public bool AhUnicast { get; init; }
}
