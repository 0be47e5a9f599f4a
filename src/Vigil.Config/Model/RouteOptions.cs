using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.Config.Model;

/// <summary>How a route is added when the table already has one for its destination (nlmsg flags): keepalived's
/// default <c>prepend</c> (NLM_F_CREATE), <c>add</c> (NLM_F_EXCL as well: refused if one is there) or
/// <c>append</c> (NLM_F_APPEND: after the ones there).</summary>
public enum RouteAddMode : byte
{
    Prepend,
    Add,
    Append,
}

/// <summary>One <c>nexthop via ADDR dev IF weight N onlink realms R</c> of a multipath route (struct
/// rtnexthop).</summary>
public sealed record RouteNexthop
{
    public IPAddress? Gateway { get; init; }
    public string? Dev { get; init; }

    /// <summary>1 to 256; the kernel keeps it as rtnh_hops = weight - 1.</summary>
    public int Weight { get; init; } = 1;

    public bool OnLink { get; init; }

    /// <summary>RTA_FLOW inside the nexthop: (from realm &lt;&lt; 16) | to realm.</summary>
    public uint? Realms { get; init; }

    public override string ToString()
    {
        var s = new StringBuilder("nexthop");
        if (Gateway is not null)
            s.Append(" via ").Append(Gateway);
        if (Dev is not null)
            s.Append(" dev ").Append(Dev);
        s.Append(" weight ").Append(Weight.ToString(CultureInfo.InvariantCulture));
        if (OnLink)
            s.Append(" onlink");
        if (Realms is { } r)
            s.Append(" realms ").Append(RouteMetrics.RealmsText(r));
        return s.ToString();
    }
}

/// <summary>The nexthops of a multipath route, compared by value (so a reload sees an unchanged route as
/// unchanged).</summary>
public sealed class RouteNexthops(IReadOnlyList<RouteNexthop> items)
    : IReadOnlyList<RouteNexthop>, IEquatable<RouteNexthops>
{
    private readonly RouteNexthop[] _items = [.. items];

    public RouteNexthop this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<RouteNexthop> GetEnumerator() => ((IEnumerable<RouteNexthop>)_items).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(RouteNexthops? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);
    public override bool Equals(object? obj) => Equals(obj as RouteNexthops);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var n in _items)
            h.Add(n);
        return h.ToHashCode();
    }

    public override string ToString() => string.Join(' ', _items.Select(n => n.ToString()));
}

/// <summary>
/// The route's RTA_METRICS (linux/rtnetlink.h RTAX_*), each null when not written. Times are in the kernel's units,
/// as keepalived sends them: <see cref="Rtt"/> in 1/8 ms, <see cref="RttVar"/> in 1/4 ms, <see cref="RtoMin"/> in ms.
/// <see cref="Lock"/> has bit <c>1 &lt;&lt; RTAX_x</c> set for each metric written with <c>lock</c>.
/// </summary>
public sealed record RouteMetrics
{
    public const int Mtu = 2, Window = 3, RttIndex = 4, RttVarIndex = 5, Ssthresh = 6, Cwnd = 7, Advmss = 8,
        Reordering = 9, Hoplimit = 10, InitCwnd = 11, Features = 12, RtoMinIndex = 13, InitRwnd = 14, QuickAck = 15,
        CcAlgo = 16, FastopenNoCookie = 17;

    /// <summary>The numeric metrics written, by RTAX index (features, congctl apart).</summary>
    public IReadOnlyDictionary<int, uint> Values { get; init; } = new SortedDictionary<int, uint>();

    /// <summary><c>features ecn</c> (RTAX_FEATURE_ECN).</summary>
    public bool Ecn { get; init; }

    /// <summary><c>congctl NAME</c> (RTAX_CC_ALGO, a string).</summary>
    public string? CongestionControl { get; init; }

    public uint Lock { get; init; }

    public bool IsEmpty => Values.Count == 0 && !Ecn && CongestionControl is null;

    public bool Equals(RouteMetrics? other) =>
        other is not null && Ecn == other.Ecn && CongestionControl == other.CongestionControl && Lock == other.Lock
        && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Values.Count, Ecn, CongestionControl, Lock);

    /// <summary>The name <c>ip route</c> and keepalived give each numeric metric.</summary>
    public static string Name(int index) => index switch
    {
        Mtu => "mtu",
        Window => "window",
        RttIndex => "rtt",
        RttVarIndex => "rttvar",
        Ssthresh => "ssthresh",
        Cwnd => "cwnd",
        Advmss => "advmss",
        Reordering => "reordering",
        Hoplimit => "hoplimit",
        InitCwnd => "initcwnd",
        RtoMinIndex => "rto_min",
        InitRwnd => "initrwnd",
        QuickAck => "quickack",
        FastopenNoCookie => "fastopen_no_cookie",
        _ => index.ToString(CultureInfo.InvariantCulture),
    };

    public static string RealmsText(uint realms) =>
        (realms >> 16) == 0
            ? (realms & 0xffff).ToString(CultureInfo.InvariantCulture)
            : $"{realms >> 16}/{realms & 0xffff}";

    public override string ToString()
    {
        var s = new StringBuilder();
        foreach (var (index, value) in Values)
        {
            s.Append(' ').Append(Name(index));
            if ((Lock & (1u << index)) != 0)
                s.Append(" lock");
            s.Append(' ').Append(index switch
            {
                RttIndex => Ms(value, 8),
                RttVarIndex => Ms(value, 4),
                RtoMinIndex => Ms(value, 1),
                _ => value.ToString(CultureInfo.InvariantCulture),
            });
        }
        if (Ecn)
            s.Append(" features ecn");
        if (CongestionControl is not null)
            s.Append(" congctl").Append((Lock & (1u << CcAlgo)) != 0 ? " lock " : " ").Append(CongestionControl);
        return s.ToString().TrimStart();
    }

    private static string Ms(uint value, uint unitsPerMs) =>
        // A value that is not a whole number of ms is written raw (kernel units), as keepalived reads it back.
        value % unitsPerMs == 0 ? $"{value / unitsPerMs}ms" : value.ToString(CultureInfo.InvariantCulture);
}
