using System.Buffers.Binary;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// The IPv4 header a Linux raw IPv4 socket delivers in front of each datagram (and the one Vigil writes with
/// IP_HDRINCL, as keepalived does). Parsing never throws and allocates nothing.
/// </summary>
public readonly record struct Ipv4Header(
    int HeaderLength,
    byte Tos,
    int TotalLength,
    ushort Identification,
    byte Ttl,
    byte Protocol,
    IpAddressValue Source,
    IpAddressValue Destination)
{
    public const int MinLength = 20;

    /// <summary>
    /// Parses the header of <paramref name="datagram"/>. Fails with <see cref="DropReason.IpHeader"/> for a
    /// version other than 4, a bad header length or a protocol other than <paramref name="protocol"/> (112, or 51
    /// for an AH-authenticated advert, whose payload is then the AH header onwards), and with
    /// <see cref="DropReason.PacketLength"/> when the total length disagrees with what was received (trailing
    /// Ethernet padding is tolerated). <paramref name="payload"/> is the VRRP message.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out Ipv4Header header, out ReadOnlySpan<byte> payload,
        out DropReason reason, byte protocol = VrrpWire.Protocol)
    {
        header = default;
        payload = default;
        if (datagram.Length < MinLength)
        {
            reason = DropReason.PacketLength;
            return false;
        }

        int ihl = (datagram[0] & 0x0F) * 4;
        if (datagram[0] >> 4 != 4 || ihl < MinLength || datagram[9] != protocol)
        {
            reason = DropReason.IpHeader;
            return false;
        }

        int total = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (total < ihl || total > datagram.Length || datagram.Length < ihl)
        {
            reason = DropReason.PacketLength;
            return false;
        }

        header = new Ipv4Header(
            ihl,
            datagram[1],
            total,
            BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]),
            datagram[8],
            datagram[9],
            IpAddressValue.Read(datagram.Slice(12, 4), IpFamily.IPv4),
            IpAddressValue.Read(datagram.Slice(16, 4), IpFamily.IPv4));
        payload = datagram[ihl..total];
        reason = DropReason.None;
        return true;
    }

    /// <summary>Writes a 20-byte header as keepalived sends it (no options, no fragmentation flags, protocol
    /// 112 or 51) with its checksum; returns 20.</summary>
    public static int Write(Span<byte> destination, IpAddressValue source, IpAddressValue destinationAddress,
        int payloadLength, ushort identification, byte ttl = VrrpWire.Ttl, byte tos = VrrpWire.Tos,
        byte protocol = VrrpWire.Protocol)
    {
        var h = destination[..MinLength];
        h[0] = 0x45;
        h[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)(MinLength + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], 0);
        h[8] = ttl;
        h[9] = protocol;
        source.WriteTo(h[12..]);
        destinationAddress.WriteTo(h[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(h[10..], VrrpChecksum.ComputeIpv4Header(h));
        return MinLength;
    }
}
