using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>Builds and parses the rtnetlink messages Vigil uses (struct layouts from linux/rtnetlink.h).
/// Parsing never throws on a short or odd message: it stops at the first inconsistent length.</summary>
internal static partial class NetlinkMessages
{
    public const ushort NlmsgError = 2, NlmsgDone = 3;
    public const ushort RtmNewLink = 16, RtmDelLink = 17, RtmGetLink = 18;
    public const ushort RtmNewAddr = 20, RtmDelAddr = 21, RtmGetAddr = 22;
    public const ushort RtmNewRoute = 24, RtmGetRoute = 26, RtmNewRule = 32, RtmGetRule = 34;
    public const ushort FRequest = 1, FAck = 4, FDump = 0x300, FExcl = 0x200, FCreate = 0x400;
    private const ushort IfaAddress = 1, IfaLocal = 2, IfaLabel = 3, IfaBroadcast = 4, IfaFlags = 8;
    private const uint IfaFNoDad = 0x02;
    private const ushort IflaAddress = 1, IflaIfname = 3;

    public static int Align(int n) => (n + 3) & ~3;

    public static byte[] Dump(ushort type, uint seq, byte family)
    {
        // A dump request carries the family-specific header (ifinfomsg 16 bytes / ifaddrmsg 8 bytes / rtmsg and
        // fib_rule_hdr 12 bytes).
        int bodyLength = type == RtmGetLink ? 16 : type is RtmGetRoute or RtmGetRule ? 12 : 8;
        var buffer = new byte[16 + bodyLength];
        WriteHeader(buffer, type, FRequest | FDump, seq);
        buffer[16] = family;
        return buffer;
    }

    public static byte[] Address(ushort type, uint seq, AddressInfo a)
    {
        var body = new List<byte>(64);
        bool v6 = a.Address.AddressFamily == AddressFamily.InterNetworkV6;
        Span<byte> ifa = stackalloc byte[8];
        ifa[0] = (byte)(v6 ? 10 : 2);
        ifa[1] = (byte)a.Prefix;
        ifa[2] = 0;
        ifa[3] = a.Scope;
        BinaryPrimitives.WriteInt32LittleEndian(ifa[4..], a.IfIndex);
        body.AddRange(ifa.ToArray());
        var addr = a.Address.GetAddressBytes();
        AddAttr(body, IfaLocal, addr);
        AddAttr(body, IfaAddress, addr);
        if (a.Broadcast is { } brd && !v6)
            AddAttr(body, IfaBroadcast, brd.GetAddressBytes());
        if (a.Label is { Length: > 0 } label && !v6)
        {
            var bytes = new byte[Encoding.ASCII.GetByteCount(label) + 1];
            Encoding.ASCII.GetBytes(label, bytes);
            AddAttr(body, IfaLabel, bytes);
        }
        if (v6 && type == RtmNewAddr)
        {
            // Like keepalived: a VIP must be usable at once, not tentative for duplicate address detection.
            AddAttr(body, IfaFlags, BitConverter.GetBytes(IfaFNoDad));
            if (a.Deprecated)
                AddAttr(body, IfaCacheinfo, DeprecatedLifetimes());
        }
        ushort flags = FRequest | FAck;
        if (type == RtmNewAddr)
            flags |= FCreate | FExcl;
        var buffer = new byte[16 + body.Count];
        WriteHeader(buffer, type, flags, seq);
        body.CopyTo(buffer, 16);
        return buffer;
    }

    private static void WriteHeader(byte[] buffer, ushort type, ushort flags, uint seq)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)buffer.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), seq);
    }

    private static void AddAttr(List<byte> body, ushort type, byte[] data)
    {
        int len = 4 + data.Length;
        body.Add((byte)len);
        body.Add((byte)(len >> 8));
        body.Add((byte)type);
        body.Add((byte)(type >> 8));
        body.AddRange(data);
        for (int i = len; i < Align(len); i++)
            body.Add(0);
    }

    /// <summary>One netlink message within a datagram.</summary>
    public readonly record struct Message(ushort Type, ushort Flags, uint Seq, int Offset, int Length);

    public static IEnumerable<Message> Split(byte[] buffer, int count)
    {
        int offset = 0;
        while (offset + 16 <= count)
        {
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
            if (len < 16 || offset + len > count)
                yield break;
            yield return new Message(BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 4)),
                BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 6)),
                BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + 8)), offset, len);
            offset += Align(len);
        }
    }

    /// <summary>The errno of an NLMSG_ERROR message (0 is an ACK).</summary>
    public static int ErrorOf(byte[] buffer, Message m) =>
        m.Length >= 20 ? -BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(m.Offset + 16)) : 22;

    public static LinkInfo? ParseLink(byte[] buffer, Message m)
    {
        if (m.Length < 32)
            return null;
        var span = buffer.AsSpan(m.Offset, m.Length);
        int index = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
        string? name = null;
        PhysicalAddress? mac = null;
        int parent = 0;
        string? kind = null;
        uint macvlanMode = 0;
        var attrs = span[32..];
        for (int off = 0; NextAttr(attrs, ref off, out var type, out var data);)
        {
            if (type == IflaIfname)
                name = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
            else if (type == IflaAddress && data.Length == 6)
                mac = new PhysicalAddress(data.ToArray());
            else if (type == IflaLink && data.Length >= 4)
                parent = BinaryPrimitives.ReadInt32LittleEndian(data);
            else if ((type & 0x3fff) == IflaLinkinfo)
                (kind, macvlanMode) = ParseLinkKind(data);
        }
        return name is null
            ? null
            : new LinkInfo(index, name, flags, mac) { ParentIndex = parent, Kind = kind, MacvlanMode = macvlanMode };
    }

    public static AddressInfo? ParseAddress(byte[] buffer, Message m)
    {
        if (m.Length < 24)
            return null;
        var span = buffer.AsSpan(m.Offset, m.Length);
        byte family = span[16];
        int prefix = span[17];
        byte scope = span[19];
        int index = BinaryPrimitives.ReadInt32LittleEndian(span[20..]);
        IPAddress? local = null, address = null, brd = null;
        string? label = null;
        int size = family == 10 ? 16 : 4;
        var attrs = span[24..];
        for (int off = 0; NextAttr(attrs, ref off, out var type, out var data);)
        {
            if (data.Length == size && type is IfaLocal or IfaAddress or IfaBroadcast)
            {
                var ip = new IPAddress(data);
                if (type == IfaLocal) local = ip;
                else if (type == IfaAddress) address = ip;
                else brd = ip;
            }
            else if (type == IfaLabel)
            {
                label = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
            }
        }
        var a = local ?? address;
        if (a is null)
            return null;
        if (a.AddressFamily == AddressFamily.InterNetworkV6 && a.IsIPv6LinkLocal)
            a.ScopeId = index;
        return new AddressInfo(index, a, prefix, brd, scope, label);
    }

    /// <summary>Walks rtattr records without allocating; false at the end or on a bad length.</summary>
    private static bool NextAttr(ReadOnlySpan<byte> span, ref int offset, out ushort type, out ReadOnlySpan<byte> data)
    {
        type = 0;
        data = default;
        if (offset + 4 > span.Length)
            return false;
        int len = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
        if (len < 4 || offset + len > span.Length)
            return false;
        type = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 2)..]);
        data = span.Slice(offset + 4, len - 4);
        offset += Align(len);
        return true;
    }
}
