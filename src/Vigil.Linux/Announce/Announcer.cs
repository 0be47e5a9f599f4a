using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;
using Vigil.Linux.Sockets;

namespace Vigil.Linux.Announce;

/// <summary>
/// Gratuitous ARP (an ARP request with sender IP = target IP = the VIP, to the Ethernet broadcast) over an
/// AF_PACKET socket, and unsolicited neighbour advertisements (to ff02::1, hop limit 255, override flag,
/// target link-layer address option) over a raw ICMPv6 socket, as keepalived sends them. Both sockets are
/// send-only: the packet socket has protocol 0 and the ICMPv6 socket filters every type out.
/// </summary>
public sealed unsafe class Announcer : IDisposable
{
    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");
    private readonly Socket _packet;
    private readonly Socket _icmp6;

    public Announcer()
    {
        _packet = OpenRaw(Libc.AF_PACKET, 0);
        _icmp6 = OpenRaw(Libc.AF_INET6, Libc.IPPROTO_ICMPV6);
        _icmp6.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, BitConverter.GetBytes(255));
        _icmp6.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_UNICAST_HOPS, BitConverter.GetBytes(255));
        var blockAll = new byte[32];
        blockAll.AsSpan().Fill(0xFF);
        _icmp6.SetRawSocketOption(Libc.IPPROTO_ICMPV6, 1 /* ICMP6_FILTER */, blockAll);
    }

    private static Socket OpenRaw(int family, int protocol)
    {
        int fd = Libc.socket(family, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>The 42-byte Ethernet frame of a gratuitous ARP, padded to the 60-byte minimum.</summary>
    public static byte[] BuildGratuitousArp(PhysicalAddress mac, IPAddress vip)
    {
        var frame = new byte[60];
        var m = mac.GetAddressBytes();
        var ip = vip.GetAddressBytes();
        frame.AsSpan(0, 6).Fill(0xFF);
        m.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0806);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14), 1);      // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 0x0800); // IPv4
        frame[18] = 6;
        frame[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(20), 1);      // request
        m.CopyTo(frame, 22);
        ip.CopyTo(frame, 28);
        frame.AsSpan(32, 6).Fill(0xFF);
        ip.CopyTo(frame, 38);
        return frame;
    }

    /// <summary>An ICMPv6 neighbour advertisement body (the kernel fills the checksum).</summary>
    public static byte[] BuildNeighbourAdvert(PhysicalAddress mac, IPAddress vip, bool router)
    {
        var na = new byte[32];
        na[0] = 136;
        na[4] = (byte)(0x20 | (router ? 0x80 : 0)); // Override, and Router when forwarding
        vip.GetAddressBytes().CopyTo(na, 8);
        na[24] = 2; // target link-layer address option
        na[25] = 1;
        mac.GetAddressBytes().CopyTo(na, 26);
        return na;
    }

    /// <returns>0 or an errno.</returns>
    public int SendGratuitousArp(int ifIndex, PhysicalAddress mac, IPAddress vip)
    {
        var frame = BuildGratuitousArp(mac, vip);
        Span<byte> ll = stackalloc byte[20];
        ll.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(ll, Libc.AF_PACKET);
        BinaryPrimitives.WriteUInt16BigEndian(ll[2..], 0x0806);
        BinaryPrimitives.WriteInt32LittleEndian(ll[4..], ifIndex);
        ll[11] = 6;
        ll.Slice(12, 6).Fill(0xFF);
        bool added = false;
        try
        {
            _packet.SafeHandle.DangerousAddRef(ref added);
            fixed (byte* f = frame)
            fixed (byte* a = ll)
            {
                return Libc.sendto(_packet.SafeHandle.DangerousGetHandle(), f, (nuint)frame.Length, 0, a, ll.Length) < 0
                    ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            if (added)
                _packet.SafeHandle.DangerousRelease();
        }
    }

    /// <returns>0 or an errno.</returns>
    public int SendNeighbourAdvert(int ifIndex, PhysicalAddress mac, IPAddress vip, bool router = false) =>
        Ipv6Sender.Send(_icmp6.SafeHandle, BuildNeighbourAdvert(mac, vip, router), null, AllNodes, ifIndex, 255, 0);

    public void Dispose()
    {
        _packet.Dispose();
        _icmp6.Dispose();
    }
}
