using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Sockets;

/// <summary>sendmsg for raw IPv6 sockets with IPV6_PKTINFO (source address and interface) and
/// IPV6_HOPLIMIT ancillary data, which the managed Socket cannot attach.</summary>
internal static unsafe class Ipv6Sender
{
    /// <returns>0 or an errno.</returns>
    public static int Send(SafeHandle handle, ReadOnlySpan<byte> payload, IPAddress? source, IPAddress destination,
        int ifIndex, int hopLimit, int flags)
    {
        Span<byte> name = stackalloc byte[SockAddr.In6Size];
        SockAddr.Write(name, destination, destination.IsIPv6Multicast || destination.IsIPv6LinkLocal ? ifIndex : 0);
        int pktSpace = Libc.CmsgSpace(20), hopSpace = Libc.CmsgSpace(4);
        Span<byte> control = stackalloc byte[pktSpace + hopSpace];
        control.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(control, 16 + 20);
        BinaryPrimitives.WriteInt32LittleEndian(control[8..], Libc.IPPROTO_IPV6);
        BinaryPrimitives.WriteInt32LittleEndian(control[12..], Libc.IPV6_PKTINFO);
        if (source is not null)
            source.TryWriteBytes(control[16..32], out _);
        BinaryPrimitives.WriteInt32LittleEndian(control[32..], ifIndex);
        var hop = control[pktSpace..];
        BinaryPrimitives.WriteInt64LittleEndian(hop, 16 + 4);
        BinaryPrimitives.WriteInt32LittleEndian(hop[8..], Libc.IPPROTO_IPV6);
        BinaryPrimitives.WriteInt32LittleEndian(hop[12..], Libc.IPV6_HOPLIMIT);
        BinaryPrimitives.WriteInt32LittleEndian(hop[16..], hopLimit);

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            fixed (byte* p = payload)
            fixed (byte* n = name)
            fixed (byte* c = control)
            {
                var iov = new Libc.IoVec { Base = p, Length = (nuint)payload.Length };
                var msg = new Libc.MsgHdr
                {
                    Name = n, NameLength = (uint)name.Length, Iov = &iov, IovLength = 1,
                    Control = c, ControlLength = (nuint)control.Length,
                };
                return Libc.sendmsg(handle.DangerousGetHandle(), &msg, flags) < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }
}
