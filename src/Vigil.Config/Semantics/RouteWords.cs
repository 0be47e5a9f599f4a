using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

/// <summary>
/// One <c>virtual_routes</c> / <c>static_routes</c> line, word by word, with keepalived 2.2.7's verdicts (each
/// observed with <c>keepalived -t</c>): a line it skips (an unknown word, a bad value, no destination, an unknown
/// table, an option of the other family) is skipped and counts for the exit code; a line it keeps with a complaint
/// (<c>gw</c>, <c>or</c>, a tracked route without <c>dev</c>, a bad nexthop, <c>features</c> other than ecn) is kept
/// and counts too. Options Vigil does not set (<c>encap</c>, <c>vrf</c>, <c>ttl-propagate</c>) are
/// warnings at the option's column; the route is installed without them.
/// </summary>
internal sealed partial class RouteWords(Statement e, string section, ParseContext ctx)
{
    private readonly string[] _w = [e.Keyword, .. e.Args];
    private readonly string _line = Values.Short(string.Join(' ', [e.Keyword, .. e.Args]));
    private readonly DiagnosticBag _d = ctx.Diag;
    private int _i;

    private RouteType _type = RouteType.Unicast;
    private IPAddress? _dst, _src, _via, _from;
    private int _fromLength;
    private int _prefix;
    private string? _dev;
    private uint _table = 254;
    private uint? _metric, _realms, _expires;
    private byte? _scope, _protocol, _tos, _pref;
    private bool _onLink, _noTrack, _inet6, _gw;
    private RouteAddMode _mode;
    private readonly SortedDictionary<int, uint> _metrics = [];
    private bool _ecn;
    private string? _congctl;
    private uint _lock;
    private List<RouteNexthop>? _nexthops;
    private string? _trackGroup;

    private bool IsStatic => section.StartsWith("static", StringComparison.Ordinal);

    /// <summary>Where word <paramref name="index"/> of the line is (file:line:column).</summary>
    private SourceLocation At(int index) => index == 0 ? e.Location : e.ArgLocation(index - 1);

    public RouteConfig? Parse()
    {
        for (_i = 0; _i < _w.Length; _i++)
        {
            if (!Word(_w[_i]))
                return null;
        }

        if (_dst is null)
        {
            _d.Ignored(
                e.Location,
                "route-no-destination",
                $"{section}: route must have a destination: '{_line}'; skipped");
            return null;
        }

        // "default" takes its family from inet6, the IPv6-only options, or the addresses written with it.
        var hint = _via ?? _src ?? _nexthops?.FirstOrDefault(n => n.Gateway is not null)?.Gateway;
        if (_dst.Equals(IPAddress.Any) && _prefix == 0
            && (_pref is not null || _expires is not null || hint is { AddressFamily: AddressFamily.InterNetworkV6 }))
        {
            _dst = IPAddress.IPv6Any;
        }

        var family = Fam(_dst);
        if ((_via is not null && Fam(_via) != family) || (_src is not null && Fam(_src) != family))
            return Bad("addresses of both families");
        if (_from is not null && (family != IpFamily.IPv6 || Fam(_from) != IpFamily.IPv6))
            return Bad($"route from address only supported with IPv6 ({_from}/{_fromLength})");
        if (_pref is not null && family != IpFamily.IPv6)
            return Bad("pref is only valid for IPv6");
        if (_expires is not null && family != IpFamily.IPv6)
            return Bad("expires is only valid for IPv6");
        if (_realms is not null && family != IpFamily.IPv4)
            return Bad("realms are only valid for IPv4");
        if (_nexthops is not null)
            DropForeignNexthops(family);
        if (_gw)
        {
            _d.Ignored(
                e.Location,
                "route-gw",
                $"{section}: \"gw\" for routes is deprecated, please use \"via\" (keepalived counts this as an error)");
        }

        if (!_noTrack && _dev is null)
        {
            // keepalived cannot watch a route without an interface: it says so (an error for -t) and does not track it.
            _d.Ignored(
                e.Location,
                "route-untracked",
                $"{section}: cannot track route {_dst}/{_prefix} with no interface specified, not tracking " +
                $"(add 'no_track')");
            _noTrack = true;
        }
        if (_trackGroup is not null && _dev is null)
        {
            _d.Ignored(
                e.Location,
                "track-group-no-dev",
                $"{section}: a static route cannot have a track_group without 'dev' ('{_line}'); not tracked");
            _trackGroup = null;
        }
        if (!_noTrack && _protocol is { } pr && pr != RouteProtocols.Keepalived)
        {
            _d.Ignored(
                e.Location,
                "route-protocol",
                $"{section}: route cannot be tracked if protocol is not keepalived ({RouteProtocols.Keepalived}); " +
                $"resetting protocol");
            _protocol = null;
        }

        return new RouteConfig
        {
            Family = family,
            Type = _type,
            Destination = _dst,
            Prefix = _prefix,
            PreferredSource = _src,
            SourcePrefix = _from,
            SourcePrefixLength = _fromLength,
            Gateway = _via,
            Dev = _dev,
            Table = _table,
            Metric = _metric,
            Scope = _scope,
            Protocol = _protocol ?? RouteProtocols.Keepalived,
            OnLink = _onLink,
            NoTrack = _noTrack,
            Tos = _tos,
            Realms = _realms,
            Pref = _pref,
            Expires = _expires,
            AddMode = _mode,
            Metrics = _metrics.Count == 0 && !_ecn && _congctl is null
                ? null
                : new RouteMetrics { Values = _metrics, Ecn = _ecn, CongestionControl = _congctl, Lock = _lock },
            Nexthops = _nexthops is { Count: > 0 } ? new RouteNexthops(_nexthops) : null,
            TrackGroup = _trackGroup,
        };
    }

    /// <summary>Takes word <see cref="_i"/> (and its values); false when the line is skipped.</summary>
    private bool Word(string word)
    {
        switch (word)
        {
            case "blackhole" or "unreachable" or "prohibit" or "throw" when _i == 0:
                _type = Enum.Parse<RouteType>(word, ignoreCase: true);
                return true;
            case "src":
                if (Next() is not { } s || !Values.TryParseIp(s, out var sa))
                    return Fail("invalid src address");
                _src = sa;
                return true;
            case "via" or "gw":
            {
                _gw |= word == "gw";
                var v = Next();
                if (v is "inet" or "inet6")
                    v = Next();
                if (v is null || !Values.TryParseIp(v, out var va))
                    return Fail("invalid gateway");
                _via = va;
                return true;
            }
            case "dev" or "oif":
                return Next() is { } dv && (_dev = dv) is not null;
            case "table":
                if (Next() is not { } t)
                    return false;
                if (!RouteParser.TryTable(t, ctx, out _table))
                {
                    _d.Ignored(
                        At(_i),
                        "route-table",
                        $"{section}: routing table {Values.Short(t)} not found for route '{_line}' (not a number, " +
                        $"nor a name in /etc/iproute2/rt_tables or rt_tables.d/*.conf); route skipped");
                    return false;
                }
                return true;
            case "metric" or "priority" or "preference":
                if (Next() is not { } m
                    || !uint.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var mv))
                {
                    return Fail("invalid metric");
                }

                _metric = mv;
                return true;
            case "scope":
                if (Next() is not { } sc || Scope(sc) is not { } scv)
                    return Fail("invalid scope");
                _scope = scv;
                return true;
            case "protocol":
                if (Next() is not { } p || Protocol(p) is not { } pv)
                    return Fail("invalid protocol");
                _protocol = pv;
                return true;
            case "onlink":
                _onLink = true;
                return true;
            case "no_track":
                _noTrack = true;
                return true;
            case "inet6":
                _inet6 = true;
                return true;
            case "inet":
                return true;
            case "to" when _dst is null:
                return true;
            case "add":
                _mode = RouteAddMode.Add;
                return true;
            case "append":
                _mode = RouteAddMode.Append;
                return true;
            case "prepend":
                _mode = RouteAddMode.Prepend;
                return true;
            case "tos" or "dsfield":
                if (Next() is not { } tv || !RouteTableNames.TryNumber(tv, out var tosv) || tosv > byte.MaxValue)
                    return Fail("invalid TOS value");
                _tos = (byte)tosv;
                return true;
            case "realms":
                if (Next() is not { } rv || Realms(rv) is not { } realms)
                    return Fail("invalid realms");
                _realms = realms;
                return true;
            case "pref":
                if (Next() is not { } pv2 || Pref(pv2) is not { } pref)
                    return Fail("invalid pref (low, medium, high or 0-255)");
                _pref = pref;
                return true;
            case "expires":
                if (Next() is not { } ev || !RouteTableNames.TryNumber(ev, out var exp) || exp > uint.MaxValue)
                    return Fail("invalid expires time");
                _expires = (uint)exp;
                return true;
            case "or":
                return Or();
            case "nexthop":
                Nexthops();
                _i = _w.Length;
                return true;
            case "encap":
                Encap(_i);
                return true;
            case "from":
                if (Next() is not { } fv
                    || !RouteParser.Prefix(fv, true, out _from, out _fromLength, e, section, ctx)
                    || _from is null)
                {
                    return Fail("invalid 'from' prefix");
                }

                return true;
            case "track_group" when IsStatic:
                if (Next() is not { } g)
                    return false;
                if (_trackGroup is not null)
                {
                    _d.Ignored(
                        At(_i),
                        "track-group-duplicate",
                        $"{section}: track_group {Values.Short(g)} is a duplicate in '{_line}'; the first is kept");
                }
                else if (!ctx.TrackGroups.ContainsKey(g))
                {
                    _d.Ignored(
                        At(_i),
                        "track-group-unknown",
                        $"{section}: track_group {Values.Short(g)} not found (a track_group must be declared before " +
                        $"it is used) in '{_line}'; not tracked");
                }
                else
                {
                    _trackGroup = g;
                }

                return true;
            default:
                if (Unsupported.TryGetValue(word, out var count) && _i + count < _w.Length)
                {
                    _d.Warning(
                        At(_i),
                        "route-option",
                        $"{section}: '{word} {Values.Short(_w[_i + 1])}' is not supported by Vigil; route '{_line}' " +
                        $"is installed without it");
                    _i += count;
                    return true;
                }
                if (MetricOption(word) is { } handled)
                    return handled;
                if (_dst is null && RouteParser.Prefix(word, _inet6, out _dst, out _prefix, e, section, ctx))
                    return true;
                _d.Ignored(
                    At(_i),
                    "route-unknown",
                    $"{section}: unknown route keyword '{Values.Short(word)}' in '{_line}'; route skipped");
                return false;
        }
    }

    private static readonly Dictionary<string, int> Unsupported = new(StringComparer.Ordinal)
    {
        ["ttl-propagate"] = 1,
        ["vrf"] = 1,
    };

    /// <summary>The value after word <see cref="_i"/>; null (line skipped, said so) when the line ends.</summary>
    private string? Next()
    {
        if (_i + 1 < _w.Length)
            return _w[++_i];
        _d.Ignored(At(_i), "route-missing-value", $"{section}: '{_w[_i]}' needs a value in '{_line}'; route skipped");
        return null;
    }

    private bool Fail(string what)
    {
        _d.Ignored(At(Math.Min(_i, _w.Length - 1)), "route-invalid", $"{section}: {what} in '{_line}'; skipped");
        return false;
    }

    private RouteConfig? Bad(string what)
    {
        _d.Ignored(e.Location, "route-invalid", $"{section}: {what} in '{_line}'; skipped");
        return null;
    }

    private static IpFamily Fam(IPAddress a) =>
        a.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    private static byte? Scope(string s) => s switch
    {
        "global" or "universe" => RouteProtocols.ScopeUniverse,
        "site" => RouteProtocols.ScopeSite,
        "link" => RouteProtocols.ScopeLink,
        "host" => RouteProtocols.ScopeHost,
        "nowhere" => RouteProtocols.ScopeNowhere,
        _ => byte.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null,
    };

    private static byte? Protocol(string s) => s switch
    {
        "kernel" => 2,
        "boot" => 3,
        "static" => 4,
        "keepalived" => RouteProtocols.Keepalived,
        _ => byte.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null,
    };

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c> (ICMPV6_ROUTER_PREF_*) or a number.</summary>
    private static byte? Pref(string s) => s switch
    {
        "low" => 3,
        "medium" => 0,
        "high" => 1,
        _ => RouteTableNames.TryNumber(s, out var v) && v <= byte.MaxValue ? (byte)v : null,
    };

    /// <summary><c>[FROM/]TO</c>, numbers (realm names from rt_realms are not read).</summary>
    internal static uint? Realms(string s)
    {
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
            return RouteTableNames.TryNumber(s, out var to) && to <= ushort.MaxValue ? (uint)to : null;
        return RouteTableNames.TryNumber(s[..slash], out var f) && f <= ushort.MaxValue
            && RouteTableNames.TryNumber(s[(slash + 1)..], out var t) && t <= ushort.MaxValue
            ? (uint)(f << 16 | t)
            : null;
    }
}
