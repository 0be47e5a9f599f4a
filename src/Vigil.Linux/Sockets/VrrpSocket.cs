using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Vigil.Linux.Native;

namespace Vigil.Linux.Sockets;

/// <summary>
/// A raw IP protocol 112 socket bound to one interface and family, shared by every instance on it (or, for VRRPv2
/// <c>auth_type AH</c>, a raw IPv4 protocol 51 socket: adverts then travel behind an IPsec AH header that Vigil
/// builds and signs itself, as keepalived does, with no kernel IPsec involved).
/// .NET refuses raw sockets for protocol 112, so the descriptor comes from one socket(2) call (close-on-exec)
/// and is wrapped in a managed Socket for options and lifetime. IPv4 uses IP_HDRINCL, as keepalived does,
/// so TOS 0xC0, TTL and the source address are exactly what we write; IPv6 passes source, interface and
/// hop limit per packet as ancillary data, and the kernel fills the pseudo-header checksum (IPV6_CHECKSUM).
/// A dedicated thread receives (blocking recvmsg with a short timeout, so disposal is prompt) and posts
/// packets to <see cref="Received"/>; nothing on the driver's loop ever blocks on the socket.
/// </summary>
public sealed unsafe class VrrpSocket : IDisposable
{
    private const int SoTimestampNs = 35;

    public static readonly IPAddress Group4 = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress Group6 = IPAddress.Parse("ff02::12");

    private readonly Socket _socket;
    private readonly Channel<ReceivedDatagram> _received = Channel.CreateUnbounded<ReceivedDatagram>(
        new UnboundedChannelOptions { SingleWriter = true });
    private readonly Thread _receiver;
    private volatile bool _disposed;
    private readonly StopSignal _stop = new();
    // Used by the receive thread only (ReceiveLoop).
    private readonly AddressCache _sources = new(), _destinations = new();
    private ReceiveSink? _sink;
    private ushort _ipId = (ushort)Environment.TickCount;

    public AddressFamily Family { get; }
    public int IfIndex { get; }

    /// <summary>The IP protocol: 112, or 51 for AH.</summary>
    public byte Protocol { get; }
    public string IfName { get; }

    /// <summary>Packets dropped here because they were too short to hold an IP header.</summary>
    public long Truncated { get; private set; }

    public ChannelReader<ReceivedDatagram> Received => _received.Reader;

    private VrrpSocket(Socket socket, AddressFamily family, int ifIndex, string ifName, byte protocol)
    {
        _socket = socket;
        Protocol = protocol;
        Family = family;
        IfIndex = ifIndex;
        IfName = ifName;
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"vrrp-rx-{ifName}" };
    }

    /// <summary>Opens, binds to the interface and joins the groups. Throws SocketException on failure
    /// (for instance EPERM without CAP_NET_RAW); the caller reports it.</summary>
    /// <param name="sink">When given, each packet goes straight to it from the receive thread (one wake-up for the
    /// consumer) instead of to <see cref="Received"/>.</param>
    /// <param name="protocol">112, or 51 (<see cref="Vigil.Core.Protocol.VrrpAh.Protocol"/>, IPv4 only) for AH.</param>
    public static VrrpSocket Open(
        AddressFamily family,
        string ifName,
        int ifIndex,
        IEnumerable<IPAddress>? groups = null,
        ReceiveSink? sink = null,
        byte protocol = Libc.IPPROTO_VRRP)
    {
        bool v6 = family == AddressFamily.InterNetworkV6;
        if (v6 && protocol != Libc.IPPROTO_VRRP)
            throw new ArgumentException("AH is IPv4 only", nameof(protocol));
        int fd = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        try
        {
            var name = new byte[Encoding.ASCII.GetByteCount(ifName) + 1];
            Encoding.ASCII.GetBytes(ifName, name);
            socket.SetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, name);
            // The kernel's arrival time: the driver restarts timers from when the advert arrived, not from when a
            // (possibly descheduled) receive thread got to it.
            socket.SetRawSocketOption(Libc.SOL_SOCKET, SoTimestampNs, Int(1));
            if (v6)
            {
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM, Int(6));
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, Int(255));
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_LOOP, Int(0));
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, Int(ifIndex));
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_RECVPKTINFO, Int(1));
                socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_RECVHOPLIMIT, Int(1));
            }
            else
            {
                socket.SetRawSocketOption(Libc.IPPROTO_IP, Libc.IP_HDRINCL, Int(1));
                socket.SetRawSocketOption(Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, Int(0));
                socket.SetRawSocketOption(Libc.IPPROTO_IP, Libc.IP_PKTINFO, Int(1));
                var mreqn = new byte[12];
                BinaryPrimitives.WriteInt32LittleEndian(mreqn.AsSpan(8), ifIndex);
                socket.SetRawSocketOption(Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, mreqn);
            }
            foreach (var g in groups ?? [v6 ? Group6 : Group4])
                Join(socket, g, ifIndex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var s = new VrrpSocket(socket, family, ifIndex, ifName, protocol) { _sink = sink };
        s._receiver.Start();
        return s;
    }

    private static void Join(Socket socket, IPAddress group, int ifIndex)
    {
        if (group.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var mreq = new byte[20];
            group.TryWriteBytes(mreq, out _);
            BinaryPrimitives.WriteInt32LittleEndian(mreq.AsSpan(16), ifIndex);
            socket.SetRawSocketOption(Libc.IPPROTO_IPV6, Libc.IPV6_ADD_MEMBERSHIP, mreq);
        }
        else
        {
            var mreqn = new byte[12];
            group.TryWriteBytes(mreqn, out _);
            BinaryPrimitives.WriteInt32LittleEndian(mreqn.AsSpan(8), ifIndex);
            socket.SetRawSocketOption(Libc.IPPROTO_IP, Libc.IP_ADD_MEMBERSHIP, mreqn);
        }
    }

    /// <summary>Sends one VRRP message. Multicast goes with MSG_DONTROUTE; the TTL/hop limit is the caller's
    /// (255 for multicast, unicast_ttl for unicast). A null source lets the kernel choose.</summary>
    /// <param name="ahKey">Set for an AH socket: <paramref name="vrrp"/> is then the AH header onwards, sent as
    /// protocol 51 with the ICV computed over the datagram as written (so a source address is required).</param>
    /// <param name="ahUnicast">The sending AH instance has unicast peers: its ICV leaves the TTL out.</param>
    /// <returns>0 or an errno.</returns>
    public int Send(ReadOnlySpan<byte> vrrp, IPAddress? source, IPAddress destination, int ttl,
        Vigil.Core.Protocol.VrrpPassword? ahKey = null, bool ahUnicast = false)
    {
        if (_disposed)
            return 9; // EBADF
        if (ahKey is not null && (source is null || Family != AddressFamily.InterNetwork))
            return 89; // EDESTADDRREQ: the ICV and the SPI need the source address
        bool multicast = destination.IsIPv6Multicast || IsIPv4Multicast(destination);
        int flags = multicast ? Libc.MSG_DONTROUTE : 0;
        if (Family == AddressFamily.InterNetworkV6)
            return Ipv6Sender.Send(_socket.SafeHandle, vrrp, source, destination, IfIndex, ttl, flags);

        Span<byte> packet = stackalloc byte[20 + vrrp.Length];
        packet[0] = 0x45;
        packet[1] = 0xC0; // TOS: internetwork control, as RFC 5798 and keepalived
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)packet.Length);
        // The kernel replaces an ID of 0 with its own, which would break an AH ICV: skip 0.
        if (++_ipId == 0)
            ++_ipId;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], _ipId);
        packet[8] = (byte)ttl;
        packet[9] = ahKey is null ? (byte)Libc.IPPROTO_VRRP : Vigil.Core.Protocol.VrrpAh.Protocol;
        source?.TryWriteBytes(packet[12..16], out _);
        destination.TryWriteBytes(packet[16..20], out _);
        vrrp.CopyTo(packet[20..]);
        // With IP_HDRINCL the kernel sends the header as written (it fills only the checksum), so the ICV computed
        // here over the final bytes is what the receiver sees.
        if (ahKey is { } key && !Vigil.Core.Protocol.VrrpAh.Sign(packet, key, ahUnicast))
            return 22; // EINVAL
        Span<byte> name = stackalloc byte[SockAddr.In4Size];
        SockAddr.Write(name, destination);
        bool added = false;
        try
        {
            _socket.SafeHandle.DangerousAddRef(ref added);
            fixed (byte* p = packet)
            fixed (byte* n = name)
            {
                return Libc.sendto(
                    _socket.SafeHandle.DangerousGetHandle(),
                    p,
                    (nuint)packet.Length,
                    flags,
                    n,
                    name.Length) < 0
                    ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            if (added)
                _socket.SafeHandle.DangerousRelease();
        }
    }

    public static bool IsIPv4Multicast(IPAddress a)
    {
        // On every send: read the first byte without GetAddressBytes' array.
        Span<byte> bytes = stackalloc byte[4];
        return a.AddressFamily == AddressFamily.InterNetwork
            && a.TryWriteBytes(bytes, out _)
            && (bytes[0] & 0xF0) == 0xE0;
    }

    /// <summary>The largest advert is a VRRPv3 IPv6 one with 255 addresses (4,088 bytes; IPv4 with its header and
    /// auth data stays under 1.2 KB): 8 KB holds any valid advert with room to spare, and a longer datagram is
    /// cut short and fails the length checks. One such buffer per socket, so at 4,000 instances on 16 interfaces
    /// 32 of them: 64 KB each was 2 MB of heap.</summary>
    private const int ReceiveBufferBytes = 8192;

    private void ReceiveLoop()
    {
        var buffer = new byte[ReceiveBufferBytes];
        var name = new byte[64];
        var control = new byte[256];
        var handle = _socket.SafeHandle;
        // Poll only once the queue is drained: a burst of adverts costs one recvmsg each, not a poll and a recvmsg.
        // Dispose sets _disposed before it wakes the poll, so a flood cannot keep the loop from stopping.
        bool drained = true;
        while (!_disposed && (!drained || _stop.WaitReadable(handle.DangerousGetHandle())))
        {
            drained = false;
            bool added = false;
            nint n;
            int nameLength, controlLength, errno = 0;
            try
            {
                handle.DangerousAddRef(ref added);
                fixed (byte* b = buffer)
                fixed (byte* nm = name)
                fixed (byte* c = control)
                {
                    var iov = new Libc.IoVec { Base = b, Length = (nuint)buffer.Length };
                    var msg = new Libc.MsgHdr
                    {
                        Name = nm, NameLength = (uint)name.Length, Iov = &iov, IovLength = 1,
                        Control = c, ControlLength = (nuint)control.Length,
                    };
                    n = Libc.recvmsg(handle.DangerousGetHandle(), &msg, Libc.MSG_DONTWAIT);
                    if (n < 0)
                        errno = Marshal.GetLastPInvokeError();
                    nameLength = (int)msg.NameLength;
                    controlLength = (int)msg.ControlLength;
                }
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            finally
            {
                if (added)
                    handle.DangerousRelease();
            }
            if (n < 0)
            {
                drained = errno != Libc.EINTR;
                if (errno is Libc.EAGAIN or Libc.EINTR)
                    continue;
                if (_disposed)
                    break;
                Thread.Sleep(100); // an unexpected error: do not spin
                continue;
            }
            // In place: the sink copies what it keeps, so a steady BACKUP receives without allocating.
            bool parsed = Family == AddressFamily.InterNetworkV6
                ? TryParse6(buffer.AsSpan(0, (int)n), name.AsSpan(0, nameLength), control.AsSpan(0, controlLength),
                    out var packet)
                : TryParse4(buffer.AsSpan(0, (int)n), control.AsSpan(0, controlLength), out packet);
            if (!parsed)
                Truncated++;
            else if (_sink is not null)
                _sink(in packet);
            else
                _received.Writer.TryWrite(packet.ToDatagram());
        }
        _received.Writer.TryComplete();
    }

    private bool TryParse4(ReadOnlySpan<byte> data, ReadOnlySpan<byte> control, out ReceivedView packet)
    {
        packet = default;
        if (data.Length < 20 || data[0] >> 4 != 4)
            return false;
        int ihl = (data[0] & 0x0F) * 4;
        if (ihl < 20 || data.Length < ihl)
            return false;
        int ifIndex = IfIndex;
        long stamp = 0;
        for (var m = new ControlMessages(control); m.MoveNext();)
        {
            if (m.Level == Libc.IPPROTO_IP && m.Type == Libc.IP_PKTINFO && m.Value.Length >= 4)
                ifIndex = BinaryPrimitives.ReadInt32LittleEndian(m.Value);
            else
                stamp = Stamp(m.Level, m.Type, m.Value, stamp);
        }
        // AH: the whole datagram, since the ICV covers the IP header.
        packet = new ReceivedView(_sources.Get(data[12..16]), _destinations.Get(data[16..20]), ifIndex, data[8],
            Protocol == Libc.IPPROTO_VRRP ? data[ihl..] : data, stamp, Protocol);
        return true;
    }

    private bool TryParse6(ReadOnlySpan<byte> data, ReadOnlySpan<byte> name, ReadOnlySpan<byte> control,
        out ReceivedView packet)
    {
        packet = default;
        var source = SockAddr.Read(name, name.Length, _sources);
        if (source is null)
            return false;
        IPAddress destination = IPAddress.IPv6None;
        int ifIndex = IfIndex, hop = -1;
        long stamp = 0;
        for (var m = new ControlMessages(control); m.MoveNext();)
        {
            stamp = Stamp(m.Level, m.Type, m.Value, stamp);
            if (m.Level != Libc.IPPROTO_IPV6)
                continue;
            if (m.Type == Libc.IPV6_PKTINFO && m.Value.Length >= 20)
            {
                destination = _destinations.Get(m.Value[..16]);
                ifIndex = BinaryPrimitives.ReadInt32LittleEndian(m.Value[16..]);
            }
            else if (m.Type == Libc.IPV6_HOPLIMIT && m.Value.Length >= 4)
            {
                hop = BinaryPrimitives.ReadInt32LittleEndian(m.Value);
            }
        }
        packet = new ReceivedView(source, destination, ifIndex, hop, data, stamp, Libc.IPPROTO_VRRP);
        return true;
    }

    private static long Stamp(int level, int type, ReadOnlySpan<byte> value, long previous) =>
        level == Libc.SOL_SOCKET && type == SoTimestampNs && value.Length >= 16
            ? BinaryPrimitives.ReadInt64LittleEndian(value) * 1_000_000_000 +
                BinaryPrimitives.ReadInt64LittleEndian(value[8..])
            : previous;

    /// <summary>The control messages recvmsg returned, read in place: a list and a copy of each per packet were a
    /// third of what receiving an advert allocated.</summary>
    private ref struct ControlMessages(ReadOnlySpan<byte> control)
    {
        private readonly ReadOnlySpan<byte> _control = control;
        private int _offset;

        public int Level { get; private set; }
        public int Type { get; private set; }
        public ReadOnlySpan<byte> Value { get; private set; }

        public bool MoveNext()
        {
            if (_offset + 16 > _control.Length)
                return false;
            long len = BinaryPrimitives.ReadInt64LittleEndian(_control[_offset..]);
            if (len < 16 || _offset + len > _control.Length)
                return false;
            Level = BinaryPrimitives.ReadInt32LittleEndian(_control[(_offset + 8)..]);
            Type = BinaryPrimitives.ReadInt32LittleEndian(_control[(_offset + 12)..]);
            Value = _control.Slice(_offset + 16, (int)len - 16);
            _offset += Libc.CmsgAlign((int)len);
            return true;
        }
    }

    private static byte[] Int(int v) => BitConverter.GetBytes(v);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Wake the receiver out of its poll and join it before closing, so it never reads a recycled descriptor.
        _stop.Set();
        if (_receiver.IsAlive)
            _receiver.Join();
        _stop.Dispose();
        _socket.Dispose();
    }
}
