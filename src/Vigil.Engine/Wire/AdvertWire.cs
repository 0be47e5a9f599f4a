using System.Buffers.Binary;
using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Engine.Wire;

/// <summary>
/// The engine's VRRP message reader and writer (RFC 3768 / RFC 5798 layouts): v2 with 8 auth bytes and a
/// plain checksum, v3 with a 12-bit centisecond interval and the pseudo-header checksum (IPv4 unless
/// <c>v3_checksum_as_v2</c>). Reading never throws and never allocates.
/// </summary>
public static class AdvertWire
{
    public const int HeaderLength = 8;
    public const int V2AuthLength = 8;

    public static int AddressLength(IpFamily family) => family == IpFamily.IPv4 ? 4 : 16;

    public static int MessageLength(int version, IpFamily family, int count) =>
        HeaderLength + (count * AddressLength(family)) + (version == 2 ? V2AuthLength : 0);

    /// <summary>Validates length, version, type and checksum; returns the header or the drop reason.</summary>
    public static DropCode TryRead(
        ReadOnlySpan<byte> message,
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        bool v3ChecksumAsV2,
        out AdvertHeader header)
    {
        header = default;
        if (message.Length < HeaderLength)
        {
            return DropCode.PacketLength;
        }

        var version = message[0] >> 4;
        if (version is not (2 or 3))
        {
            return DropCode.Version;
        }

        if ((message[0] & 0x0F) != 1)
        {
            return DropCode.Type;
        }

        var count = message[3];
        var expected = MessageLength(version, family, count);
        if (message.Length < expected)
        {
            return DropCode.PacketLength;
        }

        message = message[..expected];
        int authType = 0, intervalCs;
        if (version == 2)
        {
            authType = message[4];
            intervalCs = message[5] * 100;
        }
        else
        {
            intervalCs = BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & 0x0FFF;
        }

        uint sum = 0;
        if (version == 3 && (family == IpFamily.IPv6 || !v3ChecksumAsV2))
        {
            sum = InternetChecksum.PseudoHeader(source, destination, message.Length);
        }

        if (InternetChecksum.Fold(InternetChecksum.Add(sum, message)) != 0)
        {
            return DropCode.Checksum;
        }

        header = new AdvertHeader(version, message[1], message[2], count, authType, intervalCs);
        return DropCode.None;
    }

    /// <summary>The 8 auth bytes of a v2 message (zeros unless PASS).</summary>
    public static ReadOnlySpan<byte> V2AuthData(ReadOnlySpan<byte> message, IpFamily family) =>
        message.Length >= MessageLength(2, family, message[3])
            ? message.Slice(HeaderLength + (message[3] * AddressLength(family)), V2AuthLength)
            : default;

    /// <summary>Writes a complete advert into a new array.</summary>
    public static byte[] Write(
        int version,
        IpFamily family,
        byte vrid,
        byte priority,
        int intervalCentiseconds,
        IReadOnlyList<IPAddress> addresses,
        ReadOnlySpan<byte> authPass,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        bool v3ChecksumAsV2)
    {
        var length = MessageLength(version, family, addresses.Count);
        var buffer = new byte[length];
        var m = buffer.AsSpan();
        m[0] = (byte)((version << 4) | 1);
        m[1] = vrid;
        m[2] = priority;
        m[3] = (byte)addresses.Count;
        if (version == 2)
        {
            m[4] = (byte)(authPass.IsEmpty ? 0 : 1);
            m[5] = (byte)Math.Clamp(intervalCentiseconds / 100, 1, 255);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(m[4..], (ushort)(intervalCentiseconds & 0x0FFF));
        }

        var offset = HeaderLength;
        foreach (var address in addresses)
        {
            address.TryWriteBytes(m[offset..], out var written);
            offset += AddressLength(family);
            _ = written;
        }

        if (version == 2 && !authPass.IsEmpty)
        {
            authPass[..Math.Min(8, authPass.Length)].CopyTo(m[offset..]);
        }

        uint sum = 0;
        if (version == 3 && (family == IpFamily.IPv6 || !v3ChecksumAsV2))
        {
            sum = InternetChecksum.PseudoHeader(source, destination, length);
        }

        BinaryPrimitives.WriteUInt16BigEndian(m[6..], InternetChecksum.Fold(InternetChecksum.Add(sum, m)));
        return buffer;
    }
}
