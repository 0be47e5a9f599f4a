using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Value parsing with keepalived's rules and located diagnostics. A bad value is reported and the
/// keyword ignored (keepalived's "log and ignore"), which counts as an error for the exit code.</summary>
internal static class Values
{
    public static bool Arg(Statement st, int index, ParseContext ctx, out string value)
    {
        if (index < st.Args.Count)
        {
            value = st.Args[index];
            return true;
        }
        // keepalived 2.2.7 treats a keyword without its parameter as a fatal configuration error.
        ctx.Diag.Fatal(
            st.Location,
            "missing-value",
            $"'{st.Keyword}' needs a value; keepalived refuses such a configuration");
        value = string.Empty;
        return false;
    }

    public static bool Int(Statement st, int index, long min, long max, ParseContext ctx, out int value)
    {
        value = 0;
        if (!Arg(st, index, ctx, out var text))
            return false;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            ctx.Diag.Error(
                st.ArgLocation(index),
                "invalid-number",
                $"'{st.Keyword}': '{Short(text)}' is not a whole number; ignored");
            return false;
        }
        if (v < min || v > max)
        {
            ctx.Diag.Error(
                st.ArgLocation(index),
                "out-of-range",
                $"'{st.Keyword}': {Short(text)} is outside {min}..{max}; ignored");
            return false;
        }
        value = (int)v;
        return true;
    }

    /// <summary>Decimal seconds (keepalived accepts fractions on most timers), returned in milliseconds.</summary>
    public static bool Seconds(
        Statement st,
        int index,
        decimal minSeconds,
        decimal maxSeconds,
        ParseContext ctx,
        out int ms)
    {
        ms = 0;
        if (!Decimal(st, index, ctx, out var seconds))
            return false;
        if (seconds < minSeconds || seconds > maxSeconds)
        {
            ctx.Diag.Error(
                st.ArgLocation(index),
                "out-of-range",
                $"'{st.Keyword}': {st.Args[index]} is outside {minSeconds}..{maxSeconds} seconds; ignored");
            return false;
        }
        ms = (int)Math.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        return true;
    }

    public static bool Decimal(Statement st, int index, ParseContext ctx, out decimal value)
    {
        value = 0;
        if (!Arg(st, index, ctx, out var text))
            return false;
        if (text.Length > 30
            || !decimal.TryParse(
                text,
                NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture,
                out value))
        {
            ctx.Diag.Error(
                st.ArgLocation(index),
                "invalid-number",
                $"'{st.Keyword}': '{Short(text)}' is not a number; ignored");
            return false;
        }
        return true;
    }

    /// <summary>keepalived's optional BOOL: absent means true; else exactly on|off|true|false|yes|no.</summary>
    public static bool Bool(Statement st, int index, ParseContext ctx, out bool value)
    {
        value = true;
        if (index >= st.Args.Count)
            return true;
        switch (st.Args[index])
        {
            case "on" or "true" or "yes":
                return true;
            case "off" or "false" or "no":
                value = false;
                return true;
            default:
                ctx.Diag.Error(
                    st.ArgLocation(index),
                    "invalid-bool",
                    $"'{st.Keyword}': '{Short(st.Args[index])}' is not one of on|off|true|false|yes|no; ignored");
                return false;
        }
    }

    public static bool Ip(Statement st, int index, ParseContext ctx, out IPAddress address)
    {
        address = IPAddress.None;
        if (!Arg(st, index, ctx, out var text))
            return false;
        if (TryParseIp(text, out address))
            return true;
        ctx.Diag.Error(
            st.ArgLocation(index),
            "invalid-address",
            $"'{st.Keyword}': '{Short(text)}' is not an IP address; ignored");
        return false;
    }

    /// <summary>An address where keepalived tolerates (and ignores) a trailing /prefix, as for
    /// unicast_src_ip.</summary>
    public static bool IpIgnoringPrefix(Statement st, int index, ParseContext ctx, out IPAddress address)
    {
        address = IPAddress.None;
        if (!Arg(st, index, ctx, out var text))
            return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && TryParseIp(text[..slash], out address))
        {
            ctx.Diag.Warning(
                st.ArgLocation(index),
                "address-prefix",
                $"'{st.Keyword}' {Short(text)}: the prefix length is ignored");
            return true;
        }
        return Ip(st, index, ctx, out address);
    }

    /// <summary>Strict textual IPv4 (dotted quad) or IPv6; rejects the short forms IPAddress.Parse allows ("1",
    /// "1.2").</summary>
    public static bool TryParseIp(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length is 0 or > 64)
            return false;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            var pct = text.IndexOf('%', StringComparison.Ordinal);
            var core = pct >= 0 ? text[..pct] : text;
            return IPAddress.TryParse(core, out address!) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }
        var parts = 0;
        foreach (var c in text)
        {
            if (c == '.')
                parts++;
            else if (!char.IsAsciiDigit(c))
                return false;
        }
        return parts == 3
            && IPAddress.TryParse(text, out address!)
            && address.AddressFamily == AddressFamily.InterNetwork;
    }

    public static string Short(string s) => s.Length <= 40 ? s : s[..37] + "...";

    public static SourceLocation At(Statement st) => st.Location;
}
