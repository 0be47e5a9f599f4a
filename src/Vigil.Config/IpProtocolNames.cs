using System.Collections.Frozen;
using System.Globalization;

namespace Vigil.Config;

/// <summary>
/// IP protocol numbers for a rule's <c>ipproto</c>, as keepalived reads them: a decimal number up to 127, else a
/// name or alias as <c>getprotobyname</c> finds it in the host's <c>/etc/protocols</c> (case-sensitive: <c>udp</c>
/// and <c>UDP</c>, not <c>Udp</c>). The file comes in through <see cref="IConfigSource"/>, so parsing stays pure
/// and a host's own entries count; without the file, the IANA assignments Debian's file lists are built in.
/// </summary>
public sealed class IpProtocolNames
{
    public const string EtcProtocols = "/etc/protocols";

    private readonly FrozenDictionary<string, byte> _names;

    private IpProtocolNames(FrozenDictionary<string, byte> names) => _names = names;

    /// <summary>The names of <paramref name="source"/>'s /etc/protocols, or the built-in ones without it.</summary>
    public static IpProtocolNames Read(IConfigSource source, string path = EtcProtocols)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.TryReadText(path, out var text) ? FromText(text) : BuiltIn;
    }

    /// <summary>protocols(5): <c>name number aliases...</c>, <c>#</c> starts a comment; the first entry of a name
    /// wins, and a line whose number is not 0..255 is skipped.</summary>
    public static IpProtocolNames FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var fields = (hash >= 0 ? raw[..hash] : raw)
                .Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2
                || !byte.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }
            names.TryAdd(fields[0], number);
            foreach (var alias in fields.AsSpan(2))
                names.TryAdd(alias, number);
        }
        return new IpProtocolNames(names.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static readonly FrozenDictionary<string, byte> BuiltInNames =
        new Dictionary<string, byte>(StringComparer.Ordinal)
    {
        ["ip"] = 0,
        ["IP"] = 0,
        ["hopopt"] = 0,
        ["HOPOPT"] = 0,
        ["icmp"] = 1,
        ["ICMP"] = 1,
        ["igmp"] = 2,
        ["IGMP"] = 2,
        ["ggp"] = 3,
        ["GGP"] = 3,
        ["ipencap"] = 4,
        ["IP-ENCAP"] = 4,
        ["st"] = 5,
        ["ST"] = 5,
        ["tcp"] = 6,
        ["TCP"] = 6,
        ["egp"] = 8,
        ["EGP"] = 8,
        ["igp"] = 9,
        ["IGP"] = 9,
        ["pup"] = 12,
        ["PUP"] = 12,
        ["udp"] = 17,
        ["UDP"] = 17,
        ["hmp"] = 20,
        ["HMP"] = 20,
        ["xns-idp"] = 22,
        ["XNS-IDP"] = 22,
        ["rdp"] = 27,
        ["RDP"] = 27,
        ["iso-tp4"] = 29,
        ["ISO-TP4"] = 29,
        ["dccp"] = 33,
        ["DCCP"] = 33,
        ["xtp"] = 36,
        ["XTP"] = 36,
        ["ddp"] = 37,
        ["DDP"] = 37,
        ["idpr-cmtp"] = 38,
        ["IDPR-CMTP"] = 38,
        ["ipv6"] = 41,
        ["IPv6"] = 41,
        ["ipv6-route"] = 43,
        ["IPv6-Route"] = 43,
        ["ipv6-frag"] = 44,
        ["IPv6-Frag"] = 44,
        ["idrp"] = 45,
        ["IDRP"] = 45,
        ["rsvp"] = 46,
        ["RSVP"] = 46,
        ["gre"] = 47,
        ["GRE"] = 47,
        ["esp"] = 50,
        ["IPSEC-ESP"] = 50,
        ["ah"] = 51,
        ["IPSEC-AH"] = 51,
        ["skip"] = 57,
        ["SKIP"] = 57,
        ["ipv6-icmp"] = 58,
        ["IPv6-ICMP"] = 58,
        ["ipv6-nonxt"] = 59,
        ["IPv6-NoNxt"] = 59,
        ["ipv6-opts"] = 60,
        ["IPv6-Opts"] = 60,
        ["rspf"] = 73,
        ["RSPF"] = 73,
        ["CPHB"] = 73,
        ["vmtp"] = 81,
        ["VMTP"] = 81,
        ["eigrp"] = 88,
        ["EIGRP"] = 88,
        ["ospf"] = 89,
        ["OSPFIGP"] = 89,
        ["ax.25"] = 93,
        ["AX.25"] = 93,
        ["ipip"] = 94,
        ["IPIP"] = 94,
        ["etherip"] = 97,
        ["ETHERIP"] = 97,
        ["encap"] = 98,
        ["ENCAP"] = 98,
        ["pim"] = 103,
        ["PIM"] = 103,
        ["ipcomp"] = 108,
        ["IPCOMP"] = 108,
        ["vrrp"] = 112,
        ["VRRP"] = 112,
        ["l2tp"] = 115,
        ["L2TP"] = 115,
        ["isis"] = 124,
        ["ISIS"] = 124,
        ["sctp"] = 132,
        ["SCTP"] = 132,
        ["fc"] = 133,
        ["FC"] = 133,
        ["mobility-header"] = 135,
        ["Mobility-Header"] = 135,
        ["udplite"] = 136,
        ["UDPLite"] = 136,
        ["mpls-in-ip"] = 137,
        ["MPLS-in-IP"] = 137,
        ["manet"] = 138,
        ["hip"] = 139,
        ["HIP"] = 139,
        ["shim6"] = 140,
        ["Shim6"] = 140,
        ["wesp"] = 141,
        ["WESP"] = 141,
        ["rohc"] = 142,
        ["ROHC"] = 142,
        ["ethernet"] = 143,
        ["Ethernet"] = 143,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // After the table: static initialisers run in the order they are written.
    /// <summary>Debian's table, for a host without /etc/protocols.</summary>
    public static IpProtocolNames BuiltIn { get; } = new(BuiltInNames);

    public bool TryParse(string text, out byte value)
    {
        value = 0;
        // keepalived reads the leading digits in decimal and takes them when nothing follows; above 127 it refuses
        // the number (a name such as sctp, 132, still works).
        if (text.Length > 0 && char.IsAsciiDigit(text[0]) && text.All(char.IsAsciiDigit))
            return byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= 127;
        return _names.TryGetValue(text, out value);
    }
}
