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
    private const ushort FRequest = 1, FAck = 4, FExcl = 0x200, FCreate = 0x400, FAppend = 0x800;
    private const ushort RtaDst = 1,
        RtaSrc = 2,
        RtaOif = 4,
        RtaGateway = 5,
        RtaPriority = 6,
        RtaPrefSrc = 7,
        RtaMetrics = 8,
        RtaMultipath = 9,
        RtaFlow = 11,
        RtaTable = 15,
        RtaPref = 20,
        RtaExpires = 23;
    private const ushort RtaxLock = 1, RtaxFeatures = 12, RtaxCcAlgo = 16;
    private const uint RtaxFeatureEcn = 1;
    private const uint RtnhFOnLink = 4, FibRuleInvert = 2;

    /// <summary>A route request. Adding is keepalived's default "prepend" (NLM_F_CREATE without REPLACE): an
    /// administrator's route with the same destination is not replaced, and removing ours (matched by protocol)
    /// leaves it alone; <c>add</c> adds NLM_F_EXCL, <c>append</c> NLM_F_APPEND. <paramref name="nexthopIndexes"/> are
    /// the interface indexes of the route's nexthops (0 for one without <c>dev</c>). A removal carries the route's key
    /// and paths but not its metrics: the kernel compares metrics it may have adjusted (an mtu clamped, say).</summary>
    public static byte[] Route(
        ushort type,
        uint seq,
        RouteConfig r,
        int ifIndex,
        IReadOnlyList<int>? nexthopIndexes = null)
    {
        var body = new List<byte>(96);
        bool v6 = r.Family == Core.Primitives.IpFamily.IPv6;
        byte scope = r.Scope
            ?? (r.Type == RouteType.Unicast && r.Gateway is null && r.Nexthops is null && r.Dev is not null && !v6
            ? RouteProtocols.ScopeLink
            : RouteProtocols.ScopeUniverse);
        bool install = type == RtmNewRoute;
        body.Add((byte)(v6 ? 10 : 2));
        body.Add((byte)r.Prefix);
        body.Add((byte)(r.SourcePrefix is null ? 0 : r.SourcePrefixLength));
        body.Add(r.Tos ?? 0);
        body.Add((byte)(r.Table < 256 ? r.Table : 0));
        body.Add(r.Protocol);
        body.Add(!install && r.Scope is null ? RouteProtocols.ScopeNowhere : scope);
        body.Add((byte)r.Type);
        AddU32(body, r.OnLink ? RtnhFOnLink : 0);
        AddAttr(body, RtaTable, U32(r.Table));
        AddAttr(body, RtaDst, r.Destination.GetAddressBytes());
        if (r.SourcePrefix is { } from)
            AddAttr(body, RtaSrc, from.GetAddressBytes());
        if (r.Gateway is { } gw)
            AddAttr(body, RtaGateway, gw.GetAddressBytes());
        if (ifIndex > 0 && r.Type == RouteType.Unicast)
            AddAttr(body, RtaOif, U32((uint)ifIndex));
        if (r.PreferredSource is { } src)
            AddAttr(body, RtaPrefSrc, src.GetAddressBytes());
        if (r.Metric is { } metric)
            AddAttr(body, RtaPriority, U32(metric));
        if (r.Realms is { } realms)
            AddAttr(body, RtaFlow, U32(realms));
        if (install && r.Expires is { } expires)
            AddAttr(body, RtaExpires, U32(expires));
        if (r.Pref is { } pref)
            AddAttr(body, RtaPref, [pref]);
        if (install && r.Metrics is { IsEmpty: false } metrics)
            AddAttr(body, RtaMetrics, Metrics(metrics));
        if (r.Nexthops is { Count: > 0 } nexthops)
            AddAttr(body, RtaMultipath, Multipath(nexthops, nexthopIndexes));
        ushort flags = !install ? (ushort)(FRequest | FAck) : r.AddMode switch
        {
            RouteAddMode.Add => (ushort)(FRequest | FAck | FCreate | FExcl),
            RouteAddMode.Append => (ushort)(FRequest | FAck | FCreate | FAppend),
            _ => (ushort)(FRequest | FAck | FCreate),
        };
        return Finish(body, type, flags, seq);
    }

    /// <summary>RTA_METRICS: nested RTAX_* attributes, RTAX_LOCK last as keepalived sends it.</summary>
    private static byte[] Metrics(RouteMetrics m)
    {
        var nested = new List<byte>(64);
        if (m.CongestionControl is { } cc)
            AddAttr(nested, RtaxCcAlgo, Encoding.ASCII.GetBytes(cc));
        foreach (var (index, value) in m.Values)
            AddAttr(nested, (ushort)index, U32(value));
        if (m.Ecn)
            AddAttr(nested, RtaxFeatures, U32(RtaxFeatureEcn));
        if (m.Lock != 0)
            AddAttr(nested, RtaxLock, U32(m.Lock));
        return [.. nested];
    }

    /// <summary>RTA_MULTIPATH: one struct rtnexthop (len, flags, hops = weight - 1, ifindex) per path, each followed
    /// by its RTA_GATEWAY and RTA_FLOW.</summary>
    private static byte[] Multipath(RouteNexthops nexthops, IReadOnlyList<int>? indexes)
    {
        var all = new List<byte>(32 * nexthops.Count);
        for (var i = 0; i < nexthops.Count; i++)
        {
            var n = nexthops[i];
            var attrs = new List<byte>(24);
            if (n.Gateway is { } gw)
                AddAttr(attrs, RtaGateway, gw.GetAddressBytes());
            if (n.Realms is { } realms)
                AddAttr(attrs, RtaFlow, U32(realms));
            int len = 8 + attrs.Count;
            all.Add((byte)len);
            all.Add((byte)(len >> 8));
            all.Add((byte)(n.OnLink ? RtnhFOnLink : 0));
            all.Add((byte)(n.Weight - 1));
            AddU32(all, (uint)(indexes is not null && i < indexes.Count ? indexes[i] : 0));
            all.AddRange(attrs);
        }
        return [.. all];
    }

    /// <summary>A rule request, tagged with protocol keepalived (FRA_PROTOCOL, kernel 4.17+; another only for a
    /// <c>no_track</c> rule that names one) so that removing it never removes someone else's rule with the same
    /// selector.</summary>
    public static byte[] Rule(ushort type, uint seq, RuleConfig r)
    {
        var body = new List<byte>(128);
        bool table = r.Action == RuleAction.Table && !r.L3mdev;
        body.Add((byte)(r.Family == Core.Primitives.IpFamily.IPv6 ? 10 : 2));
        body.Add((byte)(r.To is null ? 0 : r.ToPrefix));
        body.Add((byte)(r.From is null ? 0 : r.FromPrefix));
        body.Add(r.Tos);
        body.Add((byte)(table && r.Table < 256 ? r.Table : 0));
        body.Add(0);
        body.Add(0);
        body.Add((byte)r.Action);
        AddU32(body, r.Invert ? FibRuleInvert : 0);
        AddAttr(body, FibRuleAttributes.Priority, U32(r.Preference));
        if (table)
            AddAttr(body, FibRuleAttributes.Table, U32(r.Table));
        if (r.L3mdev)
            AddAttr(body, FibRuleAttributes.L3mdev, [1]);
        if (r.Action == RuleAction.Goto && r.GotoTarget is { } target)
            AddAttr(body, FibRuleAttributes.Goto, U32(target));
        if (r.From is { } from)
            AddAttr(body, FibRuleAttributes.Src, from.GetAddressBytes());
        if (r.To is { } to)
            AddAttr(body, FibRuleAttributes.Dst, to.GetAddressBytes());
        if (r.Fwmark is { } mark)
            AddAttr(body, FibRuleAttributes.Fwmark, U32(mark));
        if (r.FwmarkMask is { } mask)
            AddAttr(body, FibRuleAttributes.Fwmask, U32(mask));
        if (r.Realms is { } realms)
            AddAttr(body, FibRuleAttributes.Flow, U32(realms));
        if (r.SuppressPrefixLength is { } spl)
            AddAttr(body, FibRuleAttributes.SuppressPrefixLen, U32(spl));
        if (r.SuppressIfGroup is { } group)
            AddAttr(body, FibRuleAttributes.SuppressIfGroup, U32(group));
        if (r.InInterface is { } iif)
            AddAttr(body, FibRuleAttributes.IifName, Name(iif));
        if (r.OutInterface is { } oif)
            AddAttr(body, FibRuleAttributes.OifName, Name(oif));
        if (r.TunnelId is { } tun)
        {
            var be = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(be, tun);
            AddAttr(body, FibRuleAttributes.TunId, be);
        }
        if (r.UidRange is { } uid)
            AddAttr(body, FibRuleAttributes.UidRange, [.. U32(uid.Start), .. U32(uid.End)]);
        AddAttr(body, FibRuleAttributes.Protocol, [r.Protocol]);
        if (r.IpProto is { } proto)
            AddAttr(body, FibRuleAttributes.IpProto, [proto]);
        if (r.SourcePorts is { } sport)
            AddAttr(body, FibRuleAttributes.SportRange, PortRange(sport));
        if (r.DestinationPorts is { } dport)
            AddAttr(body, FibRuleAttributes.DportRange, PortRange(dport));
        return Finish(
            body,
            type,
            type == RtmNewRule ? (ushort)(FRequest | FAck | FCreate | FExcl) : (ushort)(FRequest | FAck),
            seq);
    }

    /// <summary>struct fib_rule_port_range: two host-order u16.</summary>
    private static byte[] PortRange(RuleRange range)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)range.Start);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2), (ushort)range.End);
        return data;
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
