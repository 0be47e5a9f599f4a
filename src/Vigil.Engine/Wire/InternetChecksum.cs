using System.Buffers.Binary;

namespace Vigil.Engine.Wire;

/// <summary>RFC 1071 one's-complement sum, with the optional IP pseudo-header VRRPv3 uses.</summary>
internal static class InternetChecksum
{
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        return sum;
    }

    public static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>Pseudo-header of RFC 768 / RFC 8200 8.1 for protocol 112 and the given upper-layer length.</summary>
    public static uint PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int length)
    {
        var sum = Add(0, source);
        sum = Add(sum, destination);
        sum += (uint)length;
        sum += 112;
        return sum;
    }
}
