using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Linux.Netlink;

/// <summary>Builds RTM_NEWROUTE/DELROUTE (struct rtmsg) and RTM_NEWRULE/DELRULE (struct fib_rule_hdr) requests,
/// layouts from linux/rtnetlink.h and linux/fib_rules.h. Every message asks for an ACK, so a batch of them sent in
/// one datagram is answered one by one.</summary>
internal static class RouteMessages
{
    public const ushort RtmNewRoute = 24, RtmDelRoute = 25, RtmNewRule = 32, RtmDelRule = 33;
    private const ushort FRequest = 1, FAck = 4, FExcl = 0x200, FCreate = 0x400;
    private const ushort RtaDst = 1, RtaOif = 4, RtaGateway = 5, RtaPriority = 6, RtaPrefSrc = 7, RtaTable = 15;
    private const ushort FraDst = 1, FraSrc = 2, FraIifName = 3, FraPriority = 6, FraFwmark = 10, FraTable = 15,
        FraFwmask = 16, FraOifName = 17, FraProtocol = 21;
    private const uint RtnhFOnLink = 4, FibRuleInvert = 2;

    /// <summary>A route request. Adding is keepalived's default "prepend" (NLM_F_CREATE without REPLACE): an
    /// administrator's route with the same destination is not replaced, and removing ours (matched by protocol)
    /// leaves it alone.</summary>
    public static byte[] Route(ushort type, uint seq, RouteConfig r, int ifIndex)
    {
        var body = new List<byte>(96);
        bool v6 = r.Family == Core.Primitives.IpFamily.IPv6;
        byte scope = r.Scope ?? (r.Type == RouteType.Unicast && r.Gateway is null && r.Dev is not null && !v6
            ? RouteProtocols.ScopeLink
            : RouteProtocols.ScopeUniverse);
        body.Add((byte)(v6 ? 10 : 2));
        body.Add((byte)r.Prefix);
        body.Add(0); // src_len
        body.Add(0); // tos
        body.Add((byte)(r.Table < 256 ? r.Table : 0));
        body.Add(r.Protocol);
        body.Add(type == RtmDelRoute && r.Scope is null ? RouteProtocols.ScopeNowhere : scope);
        body.Add((byte)r.Type);
        AddU32(body, r.OnLink ? RtnhFOnLink : 0);
        AddAttr(body, RtaTable, U32(r.Table));
        AddAttr(body, RtaDst, r.Destination.GetAddressBytes());
        if (r.Gateway is { } gw)
            AddAttr(body, RtaGateway, gw.GetAddressBytes());
        if (ifIndex > 0 && r.Type == RouteType.Unicast)
            AddAttr(body, RtaOif, U32((uint)ifIndex));
        if (r.PreferredSource is { } src)
            AddAttr(body, RtaPrefSrc, src.GetAddressBytes());
        if (r.Metric is { } metric)
            AddAttr(body, RtaPriority, U32(metric));
        return Finish(body, type, type == RtmNewRoute ? (ushort)(FRequest | FAck | FCreate) : (ushort)(FRequest | FAck), seq);
    }

    /// <summary>A rule request, tagged with protocol keepalived (FRA_PROTOCOL, kernel 4.17+) so that removing it
    /// never removes someone else's rule with the same selector.</summary>
    public static byte[] Rule(ushort type, uint seq, RuleConfig r)
    {
        var body = new List<byte>(96);
        body.Add((byte)(r.Family == Core.Primitives.IpFamily.IPv6 ? 10 : 2));
        body.Add((byte)(r.To is null ? 0 : r.ToPrefix));
        body.Add((byte)(r.From is null ? 0 : r.FromPrefix));
        body.Add(0); // tos
        body.Add((byte)(r.Action == RuleAction.Table && r.Table < 256 ? r.Table : 0));
        body.Add(0);
        body.Add(0);
        body.Add((byte)r.Action);
        AddU32(body, r.Invert ? FibRuleInvert : 0);
        AddAttr(body, FraPriority, U32(r.Preference));
        if (r.Action == RuleAction.Table)
            AddAttr(body, FraTable, U32(r.Table));
        if (r.From is { } from)
            AddAttr(body, FraSrc, from.GetAddressBytes());
        if (r.To is { } to)
            AddAttr(body, FraDst, to.GetAddressBytes());
        if (r.Fwmark is { } mark)
            AddAttr(body, FraFwmark, U32(mark));
        if (r.FwmarkMask is { } mask)
            AddAttr(body, FraFwmask, U32(mask));
        if (r.InInterface is { } iif)
            AddAttr(body, FraIifName, Name(iif));
        if (r.OutInterface is { } oif)
            AddAttr(body, FraOifName, Name(oif));
        AddAttr(body, FraProtocol, [RouteProtocols.Keepalived]);
        return Finish(body, type, type == RtmNewRule ? (ushort)(FRequest | FAck | FCreate | FExcl) : (ushort)(FRequest | FAck), seq);
    }

    private static byte[] Name(string name)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(name) + 1];
        Encoding.ASCII.GetBytes(name, bytes);
        return bytes;
    }

    private static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static void AddU32(List<byte> body, uint v) => body.AddRange(U32(v));

    private static void AddAttr(List<byte> body, ushort type, byte[] data)
    {
        int len = 4 + data.Length;
        body.Add((byte)len);
        body.Add((byte)(len >> 8));
        body.Add((byte)type);
        body.Add((byte)(type >> 8));
        body.AddRange(data);
        for (int i = len; i < NetlinkMessages.Align(len); i++)
            body.Add(0);
    }

    private static byte[] Finish(List<byte> body, ushort type, ushort flags, uint seq)
    {
        var buffer = new byte[16 + body.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)buffer.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), seq);
        body.CopyTo(buffer, 16);
        return buffer;
    }
}
