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
        (RouteTableNames.TryNumber(text, out _) ? RouteTableNames.BuiltIn : ctx.RouteTables).TryResolve(text, out table)
            && table > 0;

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

    private static RouteConfig? Route(Statement e, string section, ParseContext ctx) =>
        new RouteWords(e, section, ctx).Parse();

    private static RuleConfig? Rule(Statement e, string section, ParseContext ctx) =>
        new RuleWords(e, section, ctx).Parse();

    internal static IpFamily Fam(IPAddress a) =>
        a.AddressFamily == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    internal static bool Number(string s, out uint v) =>
        s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v)
            : uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);

    internal static T? Bad<T>(Statement e, string section, string line, string what, ParseContext ctx) where T : class
    {
        ctx.Diag.Ignored(e.Location, "route-invalid", $"{section}: {what} in '{line}'; skipped");
        return null;
    }

    /// <summary><c>ADDR[/LEN]</c> or <c>default</c>; a prefix longer than the family allows is reported and
    /// clamped, as keepalived does.</summary>
    internal static bool Prefix(
        string text,
        bool inet6,
        out IPAddress? address,
        out int prefix,
        Statement e,
        string section,
        ParseContext ctx)
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
        if (slash >= 0
            && !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
        {
            return false;
        }

        if (prefix > max)
        {
            ctx.Diag.Ignored(
                e.Location,
                "invalid-prefix",
                $"{section}: invalid prefix length {prefix} for {Values.Short(text)}; using {max}");
            prefix = max;
        }
        address = a;
        return true;
    }
}
