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

    /// <param name="cache">An address it already holds is returned rather than a new one.</param>
    internal static IPAddress? Read(ReadOnlySpan<byte> buffer, int length, AddressCache cache)
    {
        if (length < 2)
            return null;
        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
        if (family == 2 && length >= 8)
            return cache.Get(buffer[4..8]);
        if (family == 10 && length >= 24)
        {
            var bytes = buffer[8..24];
            // Link-local: fe80::/10.
            bool linkLocal = bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80;
            long scope = linkLocal && length >= 28 ? BinaryPrimitives.ReadUInt32LittleEndian(buffer[24..]) : 0;
            return cache.Get(bytes, scope);
        }
        return null;
    }
}
