using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Linux.Sockets;

/// <summary>sockaddr_in / sockaddr_in6 / in6_pktinfo encoders and decoders.</summary>
internal static class SockAddr
{
    public const int In4Size = 16, In6Size = 28;

    public static int Write(Span<byte> buffer, IPAddress address, int scopeId = 0)
    {
        buffer.Clear();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, 2);
            address.TryWriteBytes(buffer[4..8], out _);
            return In4Size;
        }
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, 10);
        address.TryWriteBytes(buffer[8..24], out _);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[24..], scopeId != 0 ? scopeId : (int)address.ScopeId);
        return In6Size;
    }

    public static IPAddress? Read(ReadOnlySpan<byte> buffer, int length)
    {
        if (length < 2)
            return null;
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        if (family == 2 && length >= 8)
            return new IPAddress(buffer[4..8]);
        if (family == 10 && length >= 24)
        {
            var ip = new IPAddress(buffer[8..24]);
            if (ip.IsIPv6LinkLocal && length >= 28)
                ip.ScopeId = BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]);
            return ip;
        }
        return null;
    }
}
