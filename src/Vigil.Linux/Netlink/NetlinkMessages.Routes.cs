using System.Buffers.Binary;
using System.Net;
using System.Text;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Linux.Netlink;

/// <summary>Reads route and rule notifications (struct rtmsg, struct fib_rule_hdr) back into the configuration's
/// records, filling only what the kernel reports, so the engine can tell which configured entry one is.</summary>
internal static partial class NetlinkMessages
{
    private const ushort RtaDst = 1, RtaSrc = 2, RtaOif = 4, RtaGateway = 5, RtaPriority = 6, RtaTable = 15;
    private const uint FibRuleInvert = 2;

    /// <summary>A route of protocol keepalived (others are not ours and give null), with its output interface
    /// index (0 when none).</summary>
    public static (RouteConfig Route, int IfIndex)? ParseKeepalivedRoute(byte[] buffer, Message m)
    {
        if (m.Length < 28)
            return null;
        var span = buffer.AsSpan(m.Offset, m.Length);
        byte family = span[16];
        if (family is not (2 or 10) || span[21] != RouteProtocols.Keepalived)
            return null;
        int size = family == 10 ? 16 : 4;
        var destination = new IPAddress(new byte[size]);
        IPAddress? gateway = null, from = null;
        uint table = span[20];
        uint? metric = null;
        int oif = 0;
        var attrs = span[28..];
        for (int off = 0; NextAttr(attrs, ref off, out var type, out var data);)
        {
            if (type == RtaDst && data.Length == size)
                destination = new IPAddress(data);
            else if (type == RtaSrc && data.Length == size)
                from = new IPAddress(data);
            else if (type == RtaGateway && data.Length == size)
                gateway = new IPAddress(data);
            else if (type == RtaTable && data.Length == 4)
                table = BinaryPrimitives.ReadUInt32LittleEndian(data);
            else if (type == RtaPriority && data.Length == 4)
                metric = BinaryPrimitives.ReadUInt32LittleEndian(data);
            else if (type == RtaOif && data.Length == 4)
                oif = BinaryPrimitives.ReadInt32LittleEndian(data);
        }
        var route = new RouteConfig
        {
            Family = family == 10 ? IpFamily.IPv6 : IpFamily.IPv4,
            Type = (RouteType)span[23],
            Destination = destination,
            Prefix = span[17],
            Gateway = gateway,
            Table = table,
            Metric = metric,
            Scope = span[22],
            Tos = span[19] == 0 ? null : span[19],
            SourcePrefix = span[18] == 0 ? null : from,
            SourcePrefixLength = span[18],
        };
        return (route, oif);
    }

    /// <summary>A rule, unless it carries a protocol other than keepalived's (a kernel before 4.17 sends none;
    /// keepalived then takes it as possibly its own, and so does this).</summary>
    public static RuleConfig? ParseKeepalivedRule(byte[] buffer, Message m)
    {
        if (m.Length < 28)
            return null;
        var span = buffer.AsSpan(m.Offset, m.Length);
        byte family = span[16];
        if (family is not (2 or 10))
            return null;
        int size = family == 10 ? 16 : 4;
        IPAddress? from = null, to = null;
        uint table = span[20], preference = 0;
        uint? mark = null, mask = null, target = null, realms = null, suppressPrefix = null, suppressGroup = null;
        string? iif = null, oif = null;
        bool l3mdev = false;
        byte? ipProto = null;
        RuleRange? uid = null, sport = null, dport = null;
        ulong? tunnel = null;
        var attrs = span[28..];
        for (int off = 0; NextAttr(attrs, ref off, out var type, out var data);)
        {
            switch (type)
            {
                case FibRuleAttributes.Protocol when data.Length >= 1 && data[0] != RouteProtocols.Keepalived:
                    return null;
                case FibRuleAttributes.Src when data.Length == size:
                    from = new IPAddress(data);
                    break;
                case FibRuleAttributes.Dst when data.Length == size:
                    to = new IPAddress(data);
                    break;
                case FibRuleAttributes.Table when data.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.Priority when data.Length == 4:
                    preference = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.Fwmark when data.Length == 4:
                    mark = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.Fwmask when data.Length == 4:
                    mask = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.IifName:
                    iif = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
                    break;
                case FibRuleAttributes.OifName:
                    oif = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
                    break;
                case FibRuleAttributes.Goto when data.Length == 4:
                    target = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.Flow when data.Length == 4:
                    realms = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FibRuleAttributes.SuppressPrefixLen when data.Length == 4:
                    suppressPrefix = BinaryPrimitives.ReadUInt32LittleEndian(data) is var sp && sp != uint.MaxValue
                        ? sp
                        : null;
                    break;
                case FibRuleAttributes.SuppressIfGroup when data.Length == 4:
                    suppressGroup = BinaryPrimitives.ReadUInt32LittleEndian(data) is var sg && sg != uint.MaxValue
                        ? sg
                        : null;
                    break;
                case FibRuleAttributes.L3mdev when data.Length >= 1:
                    l3mdev = data[0] != 0;
                    break;
                case FibRuleAttributes.IpProto when data.Length >= 1:
                    ipProto = data[0];
                    break;
                case FibRuleAttributes.UidRange when data.Length == 8:
                    uid = new RuleRange(
                        BinaryPrimitives.ReadUInt32LittleEndian(data),
                        BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
                    break;
                case FibRuleAttributes.SportRange when data.Length == 4:
                    sport = new RuleRange(
                        BinaryPrimitives.ReadUInt16LittleEndian(data),
                        BinaryPrimitives.ReadUInt16LittleEndian(data[2..]));
                    break;
                case FibRuleAttributes.DportRange when data.Length == 4:
                    dport = new RuleRange(
                        BinaryPrimitives.ReadUInt16LittleEndian(data),
                        BinaryPrimitives.ReadUInt16LittleEndian(data[2..]));
                    break;
                case FibRuleAttributes.TunId when data.Length == 8:
                    tunnel = BinaryPrimitives.ReadUInt64BigEndian(data);
                    break;
            }
        }
        // The kernel reports a mask with no mark (0/0xffffffff is "no fwmark" to ip rule).
        if (mark is null or 0 && mask is null or uint.MaxValue)
            (mark, mask) = (null, null);
        return new RuleConfig
        {
            Family = family == 10 ? IpFamily.IPv6 : IpFamily.IPv4,
            From = from,
            FromPrefix = span[18],
            To = to,
            ToPrefix = span[17],
            Tos = span[19],
            Action = (RuleAction)span[23],
            Table = table,
            Preference = preference,
            Fwmark = mark,
            FwmarkMask = mask,
            InInterface = iif,
            OutInterface = oif,
            Invert = (BinaryPrimitives.ReadUInt32LittleEndian(span[24..]) & FibRuleInvert) != 0,
            GotoTarget = target,
            Realms = realms,
            SuppressPrefixLength = suppressPrefix,
            SuppressIfGroup = suppressGroup,
            L3mdev = l3mdev,
            IpProto = ipProto,
            UidRange = uid,
            SourcePorts = sport,
            DestinationPorts = dport,
            TunnelId = tunnel,
        };
    }
}
