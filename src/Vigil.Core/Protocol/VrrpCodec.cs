using System.Buffers.Binary;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// Encodes and decodes VRRP v2/v3 advert messages (the bytes after the IP header). Decoding never throws and
/// never allocates: it returns the advert or exactly one <see cref="DropReason"/>. It checks only structure
/// (version known, length consistent with the address count); <see cref="AdvertCheck"/> applies an instance's
/// expectations, including the checksum, in the receive order.
/// </summary>
public static class VrrpCodec
{
    /// <summary>The exact message length for a version, family and number of addresses.</summary>
    public static int MessageLength(VrrpVersion version, IpFamily family, int addressCount) =>
        VrrpWire.HeaderLength + addressCount * (family == IpFamily.IPv4 ? 4 : 16)
        + (version == VrrpVersion.V2 ? VrrpWire.V2AuthLength : 0);

    /// <summary>
    /// Decodes <paramref name="message"/> (the VRRP bytes only) received over <paramref name="family"/>.
    /// Trailing bytes are tolerated only as Ethernet minimum-frame padding after a short IPv4 packet.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, IpFamily family, out VrrpAdvert advert,
        out DropReason reason)
    {
        advert = default;
        if (message.Length < VrrpWire.HeaderLength)
        {
            reason = DropReason.PacketLength;
            return false;
        }

        int versionNibble = message[0] >> 4;
        if (versionNibble is not (2 or 3) || (versionNibble == 2 && family != IpFamily.IPv4))
        {
            reason = DropReason.Version;
            return false;
        }

        var version = (VrrpVersion)versionNibble;
        byte count = message[3];
        int expected = MessageLength(version, family, count);
        if (message.Length != expected && !IsMinFramePadding(message.Length, expected, family))
        {
            reason = DropReason.PacketLength;
            return false;
        }

        var body = message[..expected];
        var interval = version == VrrpVersion.V2
            ? TimeSpan.FromTicks(message[5] * TimeSpan.TicksPerSecond)
            : VrrpWire.FromCentiseconds(
                BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & VrrpWire.MaxV3IntervalCentiseconds);
        var header = new VrrpAdvertHeader(
            version,
            family,
            Type: (byte)(message[0] & 0x0F),
            VirtualRouterId: VrId.FromWire(message[1]),
            Priority: new Priority(message[2]),
            AddressCount: count,
            AuthType: version == VrrpVersion.V2 ? (VrrpAuthType)message[4] : VrrpAuthType.None,
            Interval: interval,
            Checksum: VrrpAdvert.ReadChecksum(message));
        advert = new VrrpAdvert(body, header);
        reason = DropReason.None;
        return true;
    }

    /// <summary>
    /// Encodes one advert into <paramref name="destination"/> with its checksum; returns the bytes written, or
    /// 0 when the destination is too small, there are more than 255 addresses, an address is of the wrong
    /// family, v2 is asked over IPv6, or the interval does not fit the field.
    /// </summary>
    public static int Encode(in VrrpAdvertSpec spec, ReadOnlySpan<IpAddressValue> addresses, Span<byte> destination)
    {
        int length = MessageLength(spec.Version, spec.Family, addresses.Length);
        if (addresses.Length > VrrpWire.MaxAddresses || destination.Length < length || !IntervalFits(spec)
            || (spec.Version == VrrpVersion.V2 && spec.Family != IpFamily.IPv4)
            || spec.Version is not (VrrpVersion.V2 or VrrpVersion.V3))
        {
            return 0;
        }

        var message = destination[..length];
        message[0] = (byte)(((int)spec.Version << 4) | VrrpWire.TypeAdvertisement);
        message[1] = spec.VirtualRouterId.Value;
        message[2] = spec.Priority.Value;
        message[3] = (byte)addresses.Length;
        if (spec.Version == VrrpVersion.V2)
        {
            message[4] = (byte)spec.AuthType;
            message[5] = (byte)(spec.Interval.Ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(message[4..], (ushort)VrrpWire.ToCentiseconds(spec.Interval));
        }

        int offset = VrrpWire.HeaderLength;
        foreach (var address in addresses)
        {
            if (address.Family != spec.Family)
            {
                return 0;
            }

            offset += address.WriteTo(message[offset..]);
        }

        if (spec.Version == VrrpVersion.V2)
        {
            // The 8 bytes are always there: the password for PASS, zeros otherwise.
            var password = spec.AuthType == VrrpAuthType.Pass ? spec.Password : VrrpPassword.Empty;
            password.WriteTo(message[offset..]);
        }

        ushort checksum = VrrpChecksum.Compute(message, spec.ChecksumMode, spec.Source, spec.Destination);
        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpChecksum.Offset..], checksum);
        return length;
    }

    /// <summary>Rewrites the priority byte of an encoded advert and patches its checksum incrementally
    /// (RFC 1624), so a cached advert can be resent at a new priority without re-encoding.</summary>
    public static void PatchPriority(Span<byte> message, Priority priority)
    {
        ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        message[2] = priority.Value;
        ushort newWord = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        ushort checksum = BinaryPrimitives.ReadUInt16BigEndian(message[VrrpChecksum.Offset..]);
        uint sum = (uint)(ushort)~checksum + (ushort)~oldWord + newWord;
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpChecksum.Offset..], (ushort)~sum);
    }

    /// <summary>v2 carries whole seconds 1..255, v3 whole centiseconds 1..4095; anything else does not fit.</summary>
    private static bool IntervalFits(in VrrpAdvertSpec spec)
    {
        long ticks = spec.Interval.Ticks;
        return spec.Version == VrrpVersion.V2
            ? ticks % TimeSpan.TicksPerSecond == 0 && ticks / TimeSpan.TicksPerSecond is >= 1 and <= 255
            : ticks % VrrpWire.TicksPerCentisecond == 0
              && ticks / VrrpWire.TicksPerCentisecond is >= 1 and <= VrrpWire.MaxV3IntervalCentiseconds;
    }

    private static bool IsMinFramePadding(int received, int expected, IpFamily family) =>
        family == IpFamily.IPv4 && received > expected && Ipv4Header.MinLength + received <= VrrpWire.MinFramePayload;
}
