using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

/// <summary>
/// One <c>virtual_rules</c> / <c>static_rules</c> line, with keepalived 2.2.7's verdicts (observed with its
/// <c>-t</c>): a bad selector or action skips the line; a bad <c>ipproto</c>, <c>sport</c>, <c>dport</c> or
/// <c>protocol</c> is reported and the rule kept without it, as keepalived keeps it.
/// </summary>
internal sealed class RuleWords(Statement e, string section, ParseContext ctx)
{
    private readonly string[] _w = [e.Keyword, .. e.Args];
    private readonly DiagnosticBag _d = ctx.Diag;
    private readonly string _line = Values.Short(string.Join(' ', [e.Keyword, .. e.Args]));
    private int _i;

    private IPAddress? _from, _to;
    private int _fromPrefix, _toPrefix;
    private uint? _table, _preference, _mark, _mask, _goto, _realms, _suppressPrefix, _suppressGroup;
    private RuleAction? _action;
    private string? _iif, _oif, _trackGroup;
    private bool _noTrack, _inet6, _inet, _invert, _l3mdev, _tableOption;
    private byte _tos;
    private byte? _ipProto, _protocol;
    private RuleRange? _uid, _sport, _dport;
    private ulong? _tunnel;

    public RuleConfig? Parse()
    {
        for (_i = 0; _i < _w.Length; _i++)
        {
            if (!Word(_w[_i]))
                return null;
        }

        if (_action == RuleAction.Goto)
        {
            if (_preference is not { } p)
                return Bad($"goto target {_goto} without a preference");
            if (p >= _goto)
                return Bad($"preference {p} >= goto target {_goto}");
        }
        if (_action is null)
        {
            _d.Ignored(e.Location, "rule-no-action", $"{section}: rule '{_line}' has no table or action; skipped");
            return null;
        }
        if (_tableOption && _action != RuleAction.Table)
            return Bad("realms or suppress_* with an action other than a table");

        var protocol = _protocol ?? RouteProtocols.Keepalived;
        if (!_noTrack && protocol != RouteProtocols.Keepalived)
        {
            _d.Ignored(
                e.Location,
                "rule-protocol",
                $"{section}: a tracked rule cannot have protocol {protocol} ('{_line}'); protocol keepalived " +
                $"({RouteProtocols.Keepalived}) written instead (write no_track to keep it)");
            protocol = RouteProtocols.Keepalived;
        }

        if (_trackGroup is not null && _iif is null)
        {
            _d.Ignored(
                e.Location,
                "track-group-no-dev",
                $"{section}: a static rule cannot have a track_group without 'iif' (or 'dev') " +
                $"('{_line}'); not tracked");
            _trackGroup = null;
        }

        if (_preference is null)
        {
            _d.Ignored(
                e.Location,
                "rule-no-preference",
                $"{section}: rule without 'preference': keepalived sets it to {RuleConfig.DefaultPreference}, " +
                $"probably not what was meant");
        }

        var v6 = _inet6 || (_from ?? _to) is { AddressFamily: AddressFamily.InterNetworkV6 };
        var family = v6 ? IpFamily.IPv6 : IpFamily.IPv4;
        if ((_from is not null && RouteParser.Fam(_from) != family)
            || (_to is not null && RouteParser.Fam(_to) != family))
        {
            return Bad("addresses of both families");
        }

        if (_inet && v6)
            return Bad("inet with IPv6");
        if (_realms is not null && v6)
            return Bad("realms (IPv4 only) in an IPv6 rule");
        return new RuleConfig
        {
            Family = family,
            From = _from,
            FromPrefix = _fromPrefix,
            To = _to,
            ToPrefix = _toPrefix,
            Action = _action.Value,
            Table = _table ?? 254,
            Preference = _preference ?? RuleConfig.DefaultPreference,
            Fwmark = _mark,
            FwmarkMask = _mask,
            InInterface = _iif,
            OutInterface = _oif,
            Invert = _invert,
            NoTrack = _noTrack,
            TrackGroup = _trackGroup,
            Tos = _tos,
            Realms = _realms,
            GotoTarget = _goto,
            L3mdev = _l3mdev,
            UidRange = _uid,
            IpProto = _ipProto,
            SourcePorts = _sport,
            DestinationPorts = _dport,
            SuppressPrefixLength = _suppressPrefix,
            SuppressIfGroup = _suppressGroup,
            TunnelId = _tunnel,
            Protocol = protocol,
        };
    }

    private RuleConfig? Bad(string what) => RouteParser.Bad<RuleConfig>(e, section, _line, what, ctx);

    private bool Skip(string what)
    {
        Bad(what);
        return false;
    }

    private string? Next(string word)
    {
        if (_i + 1 < _w.Length)
            return _w[++_i];
        _d.Ignored(e.Location, "rule-missing-value", $"{section}: '{word}' needs a value in '{_line}'; rule skipped");
        return null;
    }

    /// <summary>Reported, the rule kept without the option (keepalived's verdict for these).</summary>
    private void Dropped(string what) =>
        _d.Ignored(e.Location, "rule-option-invalid", $"{section}: {what} in '{_line}'; rule kept without it");

    private bool SetAction(RuleAction action)
    {
        if (_action is not null)
        {
            return Skip("more than one of table/nop/goto/blackhole/prohibit/unreachable/l3mdev");
        }
        _action = action;
        return true;
    }

    /// <summary>One word and its values; false when the line is skipped (already reported).</summary>
    private bool Word(string word)
    {
        switch (word)
        {
            case "from" or "to":
            {
                if (Next(word) is not { } v)
                    return false;
                IPAddress? a = null;
                int p = 0;
                if (v != "all" && !RouteParser.Prefix(v, _inet6, out a, out p, e, section, ctx))
                    return Skip($"invalid '{word}' address");
                if (word == "from")
                    (_from, _fromPrefix) = (a, p);
                else
                    (_to, _toPrefix) = (a, p);
                return true;
            }
            case "table" or "lookup":
                if (Next(word) is not { } t)
                    return false;
                if (!RouteParser.TryTable(t, ctx, out var tv))
                {
                    _d.Ignored(
                        e.Location,
                        "rule-table",
                        $"{section}: routing table {Values.Short(t)} not found for rule '{_line}' (not a number, nor " +
                        $"a name in /etc/iproute2/rt_tables or rt_tables.d/*.conf); rule skipped");
                    return false;
                }
                _table = tv;
                return SetAction(RuleAction.Table);
            case "preference" or "priority" or "order":
                if (Next(word) is not { } pr
                    || !uint.TryParse(pr, NumberStyles.None, CultureInfo.InvariantCulture, out var prv))
                {
                    return Skip("invalid preference");
                }

                _preference = prv;
                return true;
            case "fwmark":
            {
                if (Next(word) is not { } f)
                    return false;
                var slash = f.IndexOf('/', StringComparison.Ordinal);
                uint mk = 0;
                if (!RouteParser.Number(slash < 0 ? f : f[..slash], out var mv)
                    || (slash >= 0 && !RouteParser.Number(f[(slash + 1)..], out mk)))
                    {
                        return Skip("invalid fwmark");
                    }

                    _mark = mv;
                _mask = slash >= 0 ? mk : null;
                return true;
            }
            case "tos" or "dsfield":
                if (Next(word) is not { } tos || !RouteTableNames.TryNumber(tos, out var tosv) || tosv > byte.MaxValue)
                    return Skip("invalid TOS value (a number up to 255; rt_dsfield names are not read)");
                _tos = (byte)tosv;
                return true;
            case "realms":
                if (Next(word) is not { } rv || Realms(rv) is not { } realms)
                    return Skip("invalid realms (FROM/TO or TO, numbers up to 255; rt_realms names are not read)");
                _realms = realms;
                _tableOption = true;
                return true;
            case "suppress_prefixlength" or "sup_pl":
                if (Next(word) is not { } sp
                    || !uint.TryParse(sp, NumberStyles.None, CultureInfo.InvariantCulture, out var spv)
                    || spv > int.MaxValue)
                {
                    return Skip($"invalid {word}");
                }

                _suppressPrefix = spv;
                _tableOption = true;
                return true;
            case "suppress_ifgroup" or "sup_group":
                if (Next(word) is not { } sg || !RouteTableNames.TryNumber(sg, out var sgv) || sgv > int.MaxValue)
                    return Skip($"invalid {word} (a number; rt_group names are not read)");
                _suppressGroup = (uint)sgv;
                _tableOption = true;
                return true;
            case "iif" or "dev":
                _iif = Next(word);
                return _iif is not null;
            case "oif":
                _oif = Next(word);
                return _oif is not null;
            case "tunnel-id":
                if (Next(word) is not { } tun
                    || !ulong.TryParse(tun, NumberStyles.None, CultureInfo.InvariantCulture, out var tunv))
                {
                    return Skip("invalid tunnel-id");
                }

                _tunnel = tunv;
                return true;
            case "uidrange":
                if (Next(word) is not { } uid || Range(uid, uint.MaxValue) is not { } uidr)
                    return Skip("invalid uidrange (START-END)");
                _uid = uidr;
                return true;
            case "l3mdev":
                _l3mdev = true;
                return SetAction(RuleAction.Table);
            case "protocol":
                if (Next(word) is not { } proto)
                    return false;
                if (byte.TryParse(proto, NumberStyles.None, CultureInfo.InvariantCulture, out var protov))
                    _protocol = protov;
                else
                    Dropped($"invalid protocol {Values.Short(proto)} (a number up to 255)");
                return true;
            case "ipproto":
                if (Next(word) is not { } ipp)
                    return false;
                if (ctx.IpProtocols.TryParse(ipp, out var ippv))
                {
                    _ipProto = ippv;
                }
                else
                {
                    Dropped(
                        $"invalid ipproto {Values.Short(ipp)} (a number up to 127 or a name such as tcp, udp, icmp)");
                }

                return true;
            case "sport" or "dport":
                if (Next(word) is not { } port)
                    return false;
                if (Range(port, uint.MaxValue) is not { } pv)
                {
                    Dropped(
                        $"invalid {word} range {Values.Short(port)} (START-END; keepalived 2.2.7 also refuses a " +
                        $"single port: write N-N)");
                    return true;
                }
                if (pv.Start > ushort.MaxValue || pv.End > ushort.MaxValue)
                {
                    // keepalived reads each port as a 16-bit number and keeps what is left of a larger one.
                    var wrapped = new RuleRange(pv.Start & 0xffff, pv.End & 0xffff);
                    _d.Warning(
                        e.Location,
                        "rule-port-wrapped",
                        $"{section}: {word} {Values.Short(port)} is beyond 65535 in '{_line}'; {wrapped} installed, " +
                        $"as keepalived reads it");
                    pv = wrapped;
                }
                if (word == "sport")
                    _sport = pv;
                else
                    _dport = pv;
                return true;
            case "not":
                _invert = true;
                return true;
            case "track_group" when _i + 1 < _w.Length && section.StartsWith("static", StringComparison.Ordinal):
            {
                var g = _w[++_i];
                if (ctx.TrackGroups.ContainsKey(g))
                    {
                        _trackGroup ??= g;
                    }
                    else
                    {
                        _d.Ignored(
                        e.ArgLocation(_i - 1),
                        "track-group-unknown",
                        $"{section}: track_group {Values.Short(g)} not found (a track_group must be declared before " +
                        $"it is used) in '{_line}'; not tracked");
                    }

                    return true;
            }
            case "no_track":
                _noTrack = true;
                return true;
            case "inet6":
                if (_realms is not null || _inet)
                    return Skip("inet6 in an IPv4 rule");
                _inet6 = true;
                return true;
            case "inet":
                if (_inet6)
                    return Skip("inet in an IPv6 rule");
                _inet = true;
                return true;
            case "type":
                return Next(word) is { } type && Action(type);
            default:
                return Action(word);
        }
    }

    /// <summary><c>goto N</c>, <c>nop</c>, or a route type that is also a rule action.</summary>
    private bool Action(string word)
    {
        switch (word)
        {
            case "goto":
                if (Next(word) is not { } g
                    || !uint.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var gv))
                {
                    return Skip("invalid goto target");
                }

                _goto = gv;
                return SetAction(RuleAction.Goto);
            case "nop":
                return SetAction(RuleAction.Nop);
            case "blackhole":
                return SetAction(RuleAction.Blackhole);
            case "unreachable":
                return SetAction(RuleAction.Unreachable);
            case "prohibit":
                return SetAction(RuleAction.Prohibit);
            case "local"
                or "nat"
                or "broadcast"
                or "brd"
                or "anycast"
                or "multicast"
                or "xresolve"
                or "unicast"
                or "throw":
                return Skip($"invalid rule action '{Values.Short(word)}'");
            default:
                // A route type by number (RTN_*, C notation), as keepalived takes one too.
                if (RouteTableNames.TryNumber(word, out var n) && n <= byte.MaxValue)
                {
                    return n switch
                    {
                        6 => SetAction(RuleAction.Blackhole),
                        7 => SetAction(RuleAction.Unreachable),
                        8 => SetAction(RuleAction.Prohibit),
                        _ => Skip($"invalid rule action '{Values.Short(word)}'"),
                    };
                }
                _d.Ignored(
                    e.Location,
                    "rule-unknown",
                    $"{section}: unknown rule option '{Values.Short(word)}' in '{_line}'; rule skipped");
                return false;
        }
    }

    /// <summary><c>[FROM/]TO</c>, each a number up to 255.</summary>
    private static uint? Realms(string s) =>
        RouteWords.Realms(s) is { } r && (r >> 16) <= byte.MaxValue && (r & 0xffff) <= byte.MaxValue ? r : null;

    /// <summary><c>START-END</c> in decimal; a single number is refused, as keepalived 2.2.7 refuses it.</summary>
    private static RuleRange? Range(string s, uint max)
    {
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
            return null;
        return uint.TryParse(s.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a <= max
            && uint.TryParse(s.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b <= max
            ? new RuleRange(a, b)
            : null;
    }
}
