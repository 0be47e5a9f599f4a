using System.Net;
using System.Text;
using Vigil.Core.Primitives;

namespace Vigil.Config.Model;

/// <summary>What a rule does when it matches (fib_rule_hdr action).</summary>
public enum RuleAction : byte
{
    Table = 1,
    Goto = 2,
    Nop = 3,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>
/// One <c>virtual_rules</c> / <c>static_rules</c> line after parsing:
/// <c>[from P] [to P] [tos N] [fwmark V[/M]] [iif IF] [oif IF] [uidrange A-B] [ipproto P] [sport A-B] [dport A-B]
/// [tunnel-id N] (table N [realms R] [suppress_prefixlength N] [suppress_ifgroup N] | l3mdev | goto N | nop |
/// blackhole | unreachable | prohibit) preference N [protocol N] [no_track]</c>.
/// Equality is by value (no source location).
/// </summary>
public sealed record RuleConfig
{
    /// <summary>keepalived's preference for a rule written without one (it warns, and -t exits 5).</summary>
    public const uint DefaultPreference = 16384;

    public IpFamily Family { get; init; }
    public IPAddress? From { get; init; }
    public int FromPrefix { get; init; }
    public IPAddress? To { get; init; }
    public int ToPrefix { get; init; }
    public RuleAction Action { get; init; } = RuleAction.Table;
    public uint Table { get; init; } = 254;
    public uint Preference { get; init; } = DefaultPreference;
    public uint? Fwmark { get; init; }
    public uint? FwmarkMask { get; init; }
    public string? InInterface { get; init; }
    public string? OutInterface { get; init; }
    public bool Invert { get; init; }
    public bool NoTrack { get; init; }

    /// <summary>fib_rule_hdr tos (<c>tos</c> / <c>dsfield</c>); 0 matches any.</summary>
    public byte Tos { get; init; }

    /// <summary>FRA_FLOW: <c>realms FROM/TO</c> as FROM &lt;&lt; 16 | TO (IPv4, table action only).</summary>
    public uint? Realms { get; init; }

    /// <summary>FRA_GOTO: the preference a <see cref="RuleAction.Goto"/> rule jumps to.</summary>
    public uint? GotoTarget { get; init; }

    /// <summary>FRA_L3MDEV: look up the table of the packet's VRF device (a table action without a table).</summary>
    public bool L3mdev { get; init; }

    public RuleRange? UidRange { get; init; }
    public byte? IpProto { get; init; }
    public RuleRange? SourcePorts { get; init; }
    public RuleRange? DestinationPorts { get; init; }

    /// <summary>FRA_SUPPRESS_PREFIXLEN: a lookup result with a prefix this long or shorter is refused.</summary>
    public uint? SuppressPrefixLength { get; init; }

    /// <summary>FRA_SUPPRESS_IFGROUP: a lookup result through a device of this group is refused.</summary>
    public uint? SuppressIfGroup { get; init; }

    /// <summary>FRA_TUN_ID (<c>tunnel-id</c>).</summary>
    public ulong? TunnelId { get; init; }

    /// <summary>FRA_PROTOCOL written; keepalived's own unless a <c>no_track</c> rule names another.</summary>
    public byte Protocol { get; init; } = RouteProtocols.Keepalived;

    /// <summary><c>track_group NAME</c> of a static rule: the group's instances track its <c>iif</c>.</summary>
    public string? TrackGroup { get; init; }

    /// <summary>Rule text as <c>ip rule</c> would take it.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        if (Invert)
            s.Append("not ");
        s.Append("from ").Append(From is null ? "all" : $"{From}/{FromPrefix}");
        if (To is not null)
            s.Append(" to ").Append(To).Append('/').Append(ToPrefix);
        if (Tos != 0)
            s.Append(" tos 0x").Append(Tos.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        if (Fwmark is { } mark)
        {
            s.Append(" fwmark 0x").Append(mark.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            if (FwmarkMask is { } mask)
                s.Append("/0x").Append(mask.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (InInterface is not null)
            s.Append(" iif ").Append(InInterface);
        if (OutInterface is not null)
            s.Append(" oif ").Append(OutInterface);
        if (UidRange is { } uid)
            s.Append(" uidrange ").Append(uid);
        if (IpProto is { } proto)
            s.Append(" ipproto ").Append(proto);
        if (SourcePorts is { } sport)
            s.Append(" sport ").Append(sport);
        if (DestinationPorts is { } dport)
            s.Append(" dport ").Append(dport);
        if (TunnelId is { } tun)
            s.Append(" tunnel-id ").Append(tun);
        s.Append(Action switch
        {
            RuleAction.Table when L3mdev => " l3mdev",
            RuleAction.Table => $" table {Table}",
            RuleAction.Goto => $" goto {GotoTarget}",
            _ => " " + Action.ToString().ToLowerInvariant(),
        });
        if (Realms is { } realms)
            s.Append(" realms ").Append(realms >> 16).Append('/').Append(realms & 0xffff);
        if (SuppressPrefixLength is { } spl)
            s.Append(" suppress_prefixlength ").Append(spl);
        if (SuppressIfGroup is { } sig)
            s.Append(" suppress_ifgroup ").Append(sig);
        s.Append(" preference ").Append(Preference);
        if (Family == IpFamily.IPv6)
            s.Append(" inet6");
        if (Protocol != RouteProtocols.Keepalived)
            s.Append(" protocol ").Append(Protocol);
        if (NoTrack)
            s.Append(" no_track");
        return s.ToString();
    }
}

/// <summary>An inclusive range (fib_rule_uid_range, fib_rule_port_range).</summary>
public readonly record struct RuleRange(uint Start, uint End)
{
    public override string ToString() => $"{Start}-{End}";
}
