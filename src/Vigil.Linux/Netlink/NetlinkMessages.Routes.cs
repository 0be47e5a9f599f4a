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
    private const ushort FraDst = 1, FraSrc = 2, FraIifName = 3, FraPriority = 6, FraFwmark = 10, FraTable = 15,
        FraFwmask = 16, FraOifName = 17, FraProtocol = 21;
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
        uint? mark = null, mask = null;
        string? iif = null, oif = null;
        var attrs = span[28..];
        for (int off = 0; NextAttr(attrs, ref off, out var type, out var data);)
        {
            switch (type)
            {
                case FraProtocol when data.Length >= 1 && data[0] != RouteProtocols.Keepalived:
                    return null;
                case FraSrc when data.Length == size:
                    from = new IPAddress(data);
                    break;
                case FraDst when data.Length == size:
                    to = new IPAddress(data);
                    break;
                case FraTable when data.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FraPriority when data.Length == 4:
                    preference = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FraFwmark when data.Length == 4:
                    mark = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FraFwmask when data.Length == 4:
                    mask = BinaryPrimitives.ReadUInt32LittleEndian(data);
                    break;
                case FraIifName:
                    iif = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
                    break;
                case FraOifName:
                    oif = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
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
            Action = (RuleAction)span[23],
            Table = table,
            Preference = preference,
            Fwmark = mark,
            FwmarkMask = mask,
            InInterface = iif,
            OutInterface = oif,
            Invert = (BinaryPrimitives.ReadUInt32LittleEndian(span[24..]) & FibRuleInvert) != 0,
        };
    }
}
