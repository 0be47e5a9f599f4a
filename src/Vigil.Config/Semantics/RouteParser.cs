using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

/// <summary>
/// Parses <c>virtual_routes</c>, <c>static_routes</c> (through <see cref="RouteWords"/>), <c>virtual_rules</c> and
/// <c>static_rules</c> lines with keepalived 2.2.7's verdicts (observed with <c>keepalived -t</c>): a line keepalived
/// skips (an unknown option, an unknown table name) is skipped and counts for the exit code; a line it keeps with a
/// complaint (a rule without preference) is kept and counts too.
/// </summary>
internal static class RouteParser
{
    /// <summary>A routing table as keepalived takes it: a number in C's notation, or a name from rt_tables (read
    /// only when a name is used). Table 0 (unspec) is refused.</summary>
    public static bool TryTable(string text, ParseContext ctx, out uint table) =>
        (RouteTableNames.TryNumber(text, out _) ? RouteTableNames.BuiltIn : ctx.RouteTables).TryResolve(text, out table) && table > 0;

    public static List<RouteConfig> Routes(Statement block, string section, ParseContext ctx)
    {
        var list = new List<RouteConfig>();
        foreach (var e in block.Block ?? [])
        {
            if (Route(e, section, ctx) is { } r)
                list.Add(r);
        }
        return list;
    }

    public static List<RuleConfig> Rules(Statement block, string section, ParseContext ctx)
    {
        var list = new List<RuleConfig>();
        foreach (var e in block.Block ?? [])
        {
            if (Rule(e, section, ctx) is { } r)
                list.Add(r);
        }
        return list;
    }

    private static RouteConfig? Route(Statement e, string section, ParseContext ctx) => new RouteWords(e, section, ctx).Parse();

    private static RuleConfig? Rule(Statement e, string section, ParseContext ctx)
    {
        string[] w = [e.Keyword, .. e.Args];
        var d = ctx.Diag;
        var line = Values.Short(string.Join(' ', w));
        IPAddress? from = null, to = null;
        int fromPrefix = 0, toPrefix = 0;
        uint? table = null, preference = null, mark = null, mask = null;
        RuleAction? action = null;
        string? iif = null, oif = null;
        bool noTrack = false, inet6 = false, invert = false;
        string? trackGroup = null;
        for (var i = 0; i < w.Length; i++)
        {
            var word = w[i];
            string? Next()
            {
                if (i + 1 < w.Length)
                    return w[++i];
                d.Ignored(e.Location, "rule-missing-value", $"{section}: '{word}' needs a value in '{line}'; rule skipped");
                return null;
            }
            switch (word)
            {
                case "from" or "to":
                {
                    if (Next() is not { } v)
                        return null;
                    IPAddress? a = null;
                    int p = 0;
                    if (v != "all" && !Prefix(v, inet6, out a, out p, e, section, ctx))
                        return Bad<RuleConfig>(e, section, line, $"invalid '{word}' address", ctx);
                    if (word == "from")
                        (from, fromPrefix) = (a, p);
                    else
                        (to, toPrefix) = (a, p);
                    break;
                }
                case "table" or "lookup":
                    if (Next() is not { } t)
                        return null;
                    if (!TryTable(t, ctx, out var tv))
                    {
                        d.Ignored(e.Location, "rule-table", $"{section}: routing table {Values.Short(t)} not found for rule '{line}' (not a number, nor a name in /etc/iproute2/rt_tables or rt_tables.d/*.conf); rule skipped");
                        return null;
                    }
                    table = tv;
                    action = RuleAction.Table;
                    break;
                case "preference" or "priority" or "order":
                    if (Next() is not { } pr || !uint.TryParse(pr, NumberStyles.None, CultureInfo.InvariantCulture, out var prv))
                        return Bad<RuleConfig>(e, section, line, "invalid preference", ctx);
                    preference = prv;
                    break;
                case "fwmark":
                {
                    if (Next() is not { } f)
                        return null;
                    var slash = f.IndexOf('/', StringComparison.Ordinal);
                    if (!Number(slash < 0 ? f : f[..slash], out var mv) || (slash >= 0 && !Number(f[(slash + 1)..], out var mk)))
                        return Bad<RuleConfig>(e, section, line, "invalid fwmark", ctx);
                    mark = mv;
                    mask = slash >= 0 && Number(f[(slash + 1)..], out mk) ? mk : null;
                    break;
                }
                case "iif" or "dev":
                    iif = Next();
                    if (iif is null)
                        return null;
                    break;
                case "oif":
                    oif = Next();
                    if (oif is null)
                        return null;
                    break;
                case "blackhole" or "unreachable" or "prohibit":
                    action = Enum.Parse<RuleAction>(word, ignoreCase: true);
                    break;
                case "not":
                    invert = true;
                    break;
                case "track_group" when i + 1 < w.Length && section.StartsWith("static", StringComparison.Ordinal):
                {
                    var g = w[++i];
                    if (ctx.TrackGroups.ContainsKey(g))
                        trackGroup ??= g;
                    else
                        d.Ignored(e.ArgLocation(i - 1), "track-group-unknown", $"{section}: track_group {Values.Short(g)} not found (a track_group must be declared before it is used) in '{line}'; not tracked");
                    break;
                }
                case "no_track":
                    noTrack = true;
                    break;
                case "inet6":
                    inet6 = true;
                    break;
                case "inet":
                    break;
                default:
                    d.Ignored(e.Location, "rule-unknown", $"{section}: unknown rule option '{Values.Short(word)}' in '{line}'; rule skipped");
                    return null;
            }
        }

        if (action is null)
        {
            d.Ignored(e.Location, "rule-no-action", $"{section}: rule '{line}' has no table or action; skipped");
            return null;
        }

        if (preference is null)
            d.Ignored(e.Location, "rule-no-preference", $"{section}: rule without 'preference': keepalived sets it to {RuleConfig.DefaultPreference}, probably not what was meant");

        if (trackGroup is not null && iif is null)
        {
            d.Ignored(e.Location, "track-group-no-dev", $"{section}: a static rule cannot have a track_group without 'iif' (or 'dev') ('{line}'); not tracked");
            trackGroup = null;
        }

        var v6 = inet6 || (from ?? to) is { AddressFamily: AddressFamily.InterNetworkV6 };
        var family = v6 ? IpFamily.IPv6 : IpFamily.IPv4;
        if ((from is not null && Fam(from) != family) || (to is not null && Fam(to) != family))
            return Bad<RuleConfig>(e, section, line, "addresses of both families", ctx);
        return new RuleConfig
        {
            Family = family,
            From = from,
            FromPrefix = fromPrefix,
            To = to,
            ToPrefix = toPrefix,
            Action = action.Value,
            Table = table ?? 254,
            Preference = preference ?? RuleConfig.DefaultPreference,
            Fwmark = mark,
            FwmarkMask = mask,
            InInterface = iif,
            OutInterface = oif,
            Invert = invert,
            NoTrack = noTrack,
            TrackGroup = trackGroup,
        };
    }

    private static IpFamily Fam(IPAddress a) => a.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    private static bool Number(string s, out uint v) =>
        s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v)
            : uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);

    private static T? Bad<T>(Statement e, string section, string line, string what, ParseContext ctx) where T : class
    {
        ctx.Diag.Ignored(e.Location, "route-invalid", $"{section}: {what} in '{line}'; skipped");
        return null;
    }

    /// <summary><c>ADDR[/LEN]</c> or <c>default</c>; a prefix longer than the family allows is reported and
    /// clamped, as keepalived does.</summary>
    internal static bool Prefix(string text, bool inet6, out IPAddress? address, out int prefix, Statement e, string section, ParseContext ctx)
    {
        prefix = 0;
        address = null;
        if (text == "default")
        {
            address = inet6 ? IPAddress.IPv6Any : IPAddress.Any;
            return true;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!Values.TryParseIp(slash < 0 ? text : text[..slash], out var a))
            return false;
        var max = a.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        prefix = max;
        if (slash >= 0 && !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
            return false;
        if (prefix > max)
        {
            ctx.Diag.Ignored(e.Location, "invalid-prefix", $"{section}: invalid prefix length {prefix} for {Values.Short(text)}; using {max}");
            prefix = max;
        }
        address = a;
        return true;
    }
}
