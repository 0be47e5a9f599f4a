using System.Net;
using System.Text;
using Vigil.Core.Primitives;

namespace Vigil.Config.Model;

/// <summary>The kind of route (rtm_type): a normal unicast route or one that only answers with an error.</summary>
public enum RouteType : byte
{
    Unicast = 1,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
    Throw = 9,
}

/// <summary>
/// One <c>virtual_routes</c> / <c>static_routes</c> line after parsing:
/// <c>[TYPE] [src ADDR] [to] DEST/LEN [via ADDR] [dev IF] [table N] [metric N] [scope S] [protocol P] [onlink]
/// [OPTIONS...] [no_track] [nexthop ...]...</c> (options: see <see cref="RouteMetrics"/>, tos, realms, pref, expires,
/// add/append/prepend).
/// Equality is by value (no source location), so a reload can tell an unchanged route from a changed one.
/// </summary>
public sealed record RouteConfig
{
    public IpFamily Family { get; init; }
    public RouteType Type { get; init; } = RouteType.Unicast;
    public required IPAddress Destination { get; init; }
    public int Prefix { get; init; }

    /// <summary><c>src</c>: the preferred source address (RTA_PREFSRC).</summary>
    public IPAddress? PreferredSource { get; init; }

    /// <summary><c>from PREFIX</c>: the source prefix an IPv6 route applies to (RTA_SRC, part of its key).</summary>
    public IPAddress? SourcePrefix { get; init; }
    public int SourcePrefixLength { get; init; }

    /// <summary><c>via</c> / <c>gw</c>.</summary>
    public IPAddress? Gateway { get; init; }

    public string? Dev { get; init; }

    /// <summary>Routing table; 254 (main) when not given.</summary>
    public uint Table { get; init; } = 254;

    /// <summary><c>metric</c> / <c>priority</c> / <c>preference</c> (RTA_PRIORITY); null leaves it to the
    /// kernel.</summary>
    public uint? Metric { get; init; }

    /// <summary>rtm_scope; null lets the writer choose as ip(8) does (link for a route without gateway on a device,
    /// host for local, universe otherwise).</summary>
    public byte? Scope { get; init; }

    /// <summary>rtm_protocol: 18 ("keepalived") unless a <c>no_track</c> route names another; Vigil's own routes are
    /// recognised by it.</summary>
    public byte Protocol { get; init; } = RouteProtocols.Keepalived;

    public bool OnLink { get; init; }

    /// <summary><c>nexthop ...</c>: the route's paths (RTA_MULTIPATH); null for a single-path route.</summary>
    public RouteNexthops? Nexthops { get; init; }

    /// <summary><c>mtu</c>, <c>advmss</c>, <c>rtt</c> ... (RTA_METRICS); null when none is written.</summary>
    public RouteMetrics? Metrics { get; init; }

    /// <summary><c>tos</c> / <c>dsfield</c> (rtm_tos, part of an IPv4 route's key).</summary>
    public byte? Tos { get; init; }

    /// <summary><c>realms FROM/TO</c> (RTA_FLOW, IPv4).</summary>
    public uint? Realms { get; init; }

    /// <summary><c>pref low|medium|high|N</c> (RTA_PREF, IPv6 router preference).</summary>
    public byte? Pref { get; init; }

    /// <summary><c>expires SECONDS</c> (RTA_EXPIRES, IPv6): the kernel removes the route by itself then.</summary>
    public uint? Expires { get; init; }

    /// <summary><c>add</c> / <c>append</c> / <c>prepend</c> (the default).</summary>
    public RouteAddMode AddMode { get; init; }

    /// <summary><c>track_group NAME</c> of a static route: the group's instances track its <c>dev</c>.</summary>
    public string? TrackGroup { get; init; }

    /// <summary><c>no_track</c>: a missing interface does not put the instance in FAULT.</summary>
    public bool NoTrack { get; init; }

    /// <summary>The interface a tracked route makes its instance track (its <c>dev</c>), if any.</summary>
    public string? TrackedInterface => NoTrack ? null : Dev;

    /// <summary>Route text as <c>ip route</c> would take it.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        if (AddMode != RouteAddMode.Prepend)
            s.Append(AddMode.ToString().ToLowerInvariant()).Append(' ');
        if (Type != RouteType.Unicast)
            s.Append(Type.ToString().ToLowerInvariant()).Append(' ');
        s.Append(Destination).Append('/').Append(Prefix);
        if (Tos is { } tos)
            s.Append(" tos 0x").Append(tos.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        if (SourcePrefix is not null)
            s.Append(" from ").Append(SourcePrefix).Append('/').Append(SourcePrefixLength);
        if (Gateway is not null)
            s.Append(" via ").Append(Gateway);
        if (Dev is not null)
            s.Append(" dev ").Append(Dev);
        if (PreferredSource is not null)
            s.Append(" src ").Append(PreferredSource);
        if (Table != 254)
            s.Append(" table ").Append(Table);
        if (Metric is { } m)
            s.Append(" metric ").Append(m);
        if (Scope is { } sc)
            s.Append(" scope ").Append(RouteProtocols.ScopeName(sc));
        if (Protocol != RouteProtocols.Keepalived)
            s.Append(" protocol ").Append(Protocol);
        if (OnLink)
            s.Append(" onlink");
        if (Realms is { } realms)
            s.Append(" realms ").Append(RouteMetrics.RealmsText(realms));
        if (Metrics is { IsEmpty: false } metrics)
            s.Append(' ').Append(metrics);
        if (Pref is { } pref)
        {
            s.Append(" pref ").Append(pref switch
            {
                3 => "low",
                0 => "medium",
                1 => "high",
                _ => pref.ToString(System.Globalization.CultureInfo.InvariantCulture)
            });
        }

        if (Expires is { } expires)
            s.Append(" expires ").Append(expires);
        if (Nexthops is { Count: > 0 } nexthops)
            s.Append(' ').Append(nexthops);
        if (NoTrack)
            s.Append(" no_track");
        return s.ToString();
    }
}

/// <summary>Numbers of linux/rtnetlink.h that the configuration needs.</summary>
public static class RouteProtocols
{
    /// <summary>RTPROT_KEEPALIVED: the protocol keepalived and Vigil tag their routes and rules with.</summary>
    public const byte Keepalived = 18;

    public const byte ScopeUniverse = 0, ScopeSite = 200, ScopeLink = 253, ScopeHost = 254, ScopeNowhere = 255;

    public static string ScopeName(byte scope) => scope switch
    {
        ScopeUniverse => "global",
        ScopeSite => "site",
        ScopeLink => "link",
        ScopeHost => "host",
        ScopeNowhere => "nowhere",
        _ => scope.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
