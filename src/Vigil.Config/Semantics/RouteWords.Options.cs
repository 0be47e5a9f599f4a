using System.Globalization;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

/// <summary>The route metrics (<c>mtu</c>, <c>rtt</c> ...), nexthops, <c>or</c> and <c>encap</c>.</summary>
internal sealed partial class RouteWords
{
    // keepalived's bounds on rtt, rttvar and rto_min, in ms: a value outside is reset to the bound, with a warning.
    private const uint RttMinMs = 200, RttMaxMs = 120_000;

    /// <summary>A metric option at word <see cref="_i"/>: true taken, false line skipped, null not a metric. Which
    /// ones take <c>lock</c>, and the ranges, are keepalived's.</summary>
    private bool? MetricOption(string word)
    {
        (int index, bool lockable, uint max) = word switch
        {
            "mtu" => (RouteMetrics.Mtu, true, uint.MaxValue),
            "advmss" => (RouteMetrics.Advmss, true, uint.MaxValue),
            "reordering" => (RouteMetrics.Reordering, true, uint.MaxValue),
            "cwnd" => (RouteMetrics.Cwnd, true, uint.MaxValue),
            "ssthresh" => (RouteMetrics.Ssthresh, true, uint.MaxValue),
            "window" => (RouteMetrics.Window, false, uint.MaxValue),
            "initcwnd" => (RouteMetrics.InitCwnd, false, uint.MaxValue),
            "initrwnd" => (RouteMetrics.InitRwnd, false, uint.MaxValue),
            "hoplimit" => (RouteMetrics.Hoplimit, false, 255u),
            "quickack" => (RouteMetrics.QuickAck, false, 1u),
            "fastopen_no_cookie" => (RouteMetrics.FastopenNoCookie, false, 1u),
            "rtt" => (RouteMetrics.RttIndex, true, 0u),
            "rttvar" => (RouteMetrics.RttVarIndex, true, 0u),
            "rto_min" => (RouteMetrics.RtoMinIndex, true, 0u),
            "features" => (RouteMetrics.Features, false, 0u),
            "congctl" => (RouteMetrics.CcAlgo, true, 0u),
            _ => (0, false, 0u),
        };
        if (index == 0)
            return null;
        if (Next() is not { } value)
            return false;
        if (lockable && value == "lock")
        {
            _lock |= 1u << index;
            if (Next() is not { } locked)
                return false;
            value = locked;
        }

        switch (index)
        {
            case RouteMetrics.Features:
                if (value == "ecn")
                {
                    _ecn = true;
                }
                else
                {
                    _d.Ignored(
                        At(_i),
                        "route-invalid",
                        $"{section}: feature {Values.Short(value)} not supported (only ecn) in '{_line}'");
                }

                return true;
            case RouteMetrics.CcAlgo:
                _congctl = value;
                return true;
            case RouteMetrics.RttIndex or RouteMetrics.RttVarIndex or RouteMetrics.RtoMinIndex:
            {
                uint unitsPerMs = index == RouteMetrics.RttIndex ? 8u : index == RouteMetrics.RttVarIndex ? 4u : 1u;
                if (Time(value, unitsPerMs) is not { } t)
                    return Fail($"invalid {word} value");
                _metrics[index] = t;
                return true;
            }
            default:
                if (!RouteTableNames.TryNumber(value, out var n) || n > max)
                    return Fail($"invalid {word} value {Values.Short(value)}");
                _metrics[index] = (uint)n;
                return true;
        }
    }

    /// <summary>A time as keepalived reads <c>rtt</c>: raw kernel units without a suffix, else <c>s</c>/<c>sec</c>/
    /// <c>secs</c> or <c>ms</c>/<c>msec</c>/<c>msecs</c> (decimals down to the ms); kept within 200 ms to 120
    /// s.</summary>
    private uint? Time(string text, uint unitsPerMs)
    {
        var lower = text.ToLowerInvariant();
        var s = lower.IndexOf('s', StringComparison.Ordinal);
        bool raw = s < 0;
        var number = lower;
        int shift = 0;
        if (!raw)
        {
            var unit = lower[s..];
            if (unit is not ("s" or "sec" or "secs"))
                return null;
            if (s > 0 && lower[s - 1] == 'm')
                s--;
            else
                shift = 3;
            number = lower[..s];
        }
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            || number.Length == 0)
        {
            return null;
        }

        var scaled = d * (decimal)Math.Pow(10, shift);
        if (scaled != decimal.Truncate(scaled) || scaled > uint.MaxValue)
            return null;
        ulong value = (ulong)scaled * (raw ? 1u : unitsPerMs);
        if (value < RttMinMs * unitsPerMs || value > (ulong)RttMaxMs * unitsPerMs)
        {
            var bound = value < RttMinMs * unitsPerMs ? RttMinMs * unitsPerMs : RttMaxMs * unitsPerMs;
            _d.Warning(
                At(_i),
                "route-rtt-reset",
                $"{section}: {_w[_i - 1]} value {Values.Short(text)} outside {RttMinMs}ms-{RttMaxMs / 1000}s, reset " +
                $"to {bound / unitsPerMs}ms (as keepalived)");
            value = bound;
        }
        return (uint)value;
    }

    /// <summary><c>via A or B</c>: keepalived's deprecated two-path form, the same as two nexthops (it counts it
    /// as an error and installs it).</summary>
    private bool Or()
    {
        if (Next() is not { } o || !Values.TryParseIp(o, out var other))
            return Fail("invalid \"or\" address");
        _d.Ignored(
            At(_i - 1),
            "route-or",
            $"{section}: \"or\" for routes is deprecated, please use \"nexthop\" (keepalived counts this as an error)");
        if (_nexthops is not null)
            return true; // only the first "or" counts, as in keepalived
        _nexthops = [new RouteNexthop { Gateway = _via }, new RouteNexthop { Gateway = other }];
        _via = null;
        return true;
    }

    /// <summary>Everything from word <see cref="_i"/> on: <c>nexthop</c> groups. A bad nexthop is dropped with
    /// those after it (keepalived counts an error and installs the route with the ones before).</summary>
    private void Nexthops()
    {
        _nexthops ??= [];
        while (_i < _w.Length && _w[_i] == "nexthop")
        {
            _i++;
            var nh = new RouteNexthop();
            for (; _i < _w.Length && _w[_i] != "nexthop"; _i++)
            {
                var word = _w[_i];
                string? value = _i + 1 < _w.Length ? _w[_i + 1] : null;
                string? error = null;
                switch (word)
                {
                    case "via":
                        if (value is "inet" or "inet6")
                            value = ++_i + 1 < _w.Length ? _w[_i + 1] : null;
                        if (value is null || !Values.TryParseIp(value, out var gw))
                            error = $"invalid nexthop address {Values.Short(value ?? "")}";
                        else
                            nh = nh with { Gateway = gw };
                        _i++;
                        break;
                    case "dev" when value is not null:
                        nh = nh with { Dev = value };
                        _i++;
                        break;
                    case "weight":
                        if (value is null || !RouteTableNames.TryNumber(value, out var wt) || wt is 0 or > 256)
                            error = $"invalid weight {Values.Short(value ?? "")} (1-256)";
                        else
                            nh = nh with { Weight = (int)wt };
                        _i++;
                        break;
                    case "onlink":
                        nh = nh with { OnLink = true };
                        break;
                    case "realms":
                        if (value is null || Realms(value) is not { } r)
                            error = $"invalid realms {Values.Short(value ?? "")}";
                        else
                            nh = nh with { Realms = r };
                        _i++;
                        break;
                    case "encap":
                        Encap(_i);
                        break;
                    default:
                        error = $"route has trailing nonsense after nexthops - {Values.Short(word)}";
                        break;
                }
                if (error is not null)
                {
                    _d.Ignored(
                        At(Math.Min(_i, _w.Length - 1)),
                        "route-nexthop",
                        $"{section}: {error} in '{_line}'; that nexthop and those after it are dropped");
                    return;
                }
            }
            _nexthops.Add(nh);
        }
    }

    /// <summary>Nexthops whose gateway is of the other family are dropped with those after them.</summary>
    private void DropForeignNexthops(IpFamily family)
    {
        var bad = _nexthops!.FindIndex(n => n.Gateway is not null && Fam(n.Gateway) != family);
        if (bad < 0)
            return;
        _d.Ignored(
            e.Location,
            "route-nexthop",
            $"{section}: address family mismatch for next hop {_nexthops[bad].Gateway} in '{_line}'; that nexthop " +
            $"and those after it are dropped");
        _nexthops.RemoveRange(bad, _nexthops.Count - bad);
    }

    // encap TYPE then its sub-options (iproute2's names), each with one value; an mpls label stands alone.
    private static readonly HashSet<string> EncapOptions = new(StringComparer.Ordinal)
    {
        "id", "dst", "src", "tos", "ttl", "flags", "tc", "hoplimit", "csum-mode", "ident-type", "hook-type",
    };

    /// <summary><c>encap TYPE ...</c> at word <paramref name="at"/>: not supported; its words are passed
    /// over.</summary>
    private void Encap(int at)
    {
        var end = at + 1;
        if (end < _w.Length)
        {
            var type = _w[end++];
            if (type == "mpls" && end < _w.Length)
                end++;
            while (end + 1 < _w.Length && EncapOptions.Contains(_w[end]))
                end += 2;
        }
        _d.Warning(
            At(at),
            "route-option",
            $"{section}: '{string.Join(' ', _w[at..end])}' (encapsulation) is not supported by Vigil; route " +
            $"'{_line}' is installed without it");
        _i = end - 1;
    }
}
