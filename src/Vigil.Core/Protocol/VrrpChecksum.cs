using System.Buffers.Binary;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>The Internet checksum (RFC 1071) as VRRP uses it, with the optional IP pseudo-header.</summary>
public static class VrrpChecksum
{
    public const int Offset = 6;

    public static ChecksumMode ModeFor(VrrpVersion version, IpFamily family, bool v3ChecksumAsV2) =>
        version == VrrpVersion.V2 ? ChecksumMode.Plain
        : family == IpFamily.IPv6 ? ChecksumMode.PseudoHeaderV6
        : v3ChecksumAsV2 ? ChecksumMode.Plain
        : ChecksumMode.PseudoHeaderV4;

    /// <summary>The checksum field value for <paramref name="vrrp"/> (whose own checksum field is skipped, so it
    /// can be computed before or after the field is filled).</summary>
    public static ushort Compute(ReadOnlySpan<byte> vrrp, ChecksumMode mode, IpAddressValue source,
        IpAddressValue destination)
    {
        ulong sum = Sum(vrrp[..Offset]) + Sum(vrrp[(Offset + 2)..]);
        sum += PseudoHeaderSum(mode, vrrp.Length, source, destination);
        return (ushort)~Fold(sum);
    }

    /// <summary>True when the message's checksum field is right (the ones'-complement sum of everything is
    /// 0xFFFF).</summary>
    public static bool Verify(ReadOnlySpan<byte> vrrp, ChecksumMode mode, IpAddressValue source,
        IpAddressValue destination) =>
        Fold(Sum(vrrp) + PseudoHeaderSum(mode, vrrp.Length, source, destination)) == 0xFFFF;

    /// <summary>The IPv4 header checksum over <paramref name="header"/> with its checksum field (bytes 10-11)
    /// skipped.</summary>
    public static ushort ComputeIpv4Header(ReadOnlySpan<byte> header) =>
        (ushort)~Fold(Sum(header[..10]) + Sum(header[12..]));

    private static ulong PseudoHeaderSum(ChecksumMode mode, int length, IpAddressValue source,
        IpAddressValue destination)
    {
        if (mode == ChecksumMode.Plain)
        {
            return 0;
        }

        // Both pseudo-headers add the protocol (112) and the upper-layer length as 16-bit words once folded.
        return source.WordSum() + destination.WordSum() + VrrpWire.Protocol + (ulong)length;
    }

    private static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (ulong)data[i] << 8;
        }

        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
