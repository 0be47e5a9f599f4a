using Vigil.Linux.Firewall;

namespace Vigil.Operations.Status;

/// <summary>The <c>firewall</c> object of status and explain: no_accept's nftables tables as last written.</summary>
public sealed record FirewallView
{
    /// <summary>The tables' name (one table per family listed in <see cref="Families"/>).</summary>
    public string Table { get; init; } = "";
    public IReadOnlyList<string> Families { get; init; } = [];

    /// <summary>The addresses in the drop sets now.</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>nft runs since start, and the failed ones; the last failure's reason.</summary>
    public long Writes { get; init; }
    public long Failures { get; init; }
    public string? LastError { get; init; }

    /// <summary>True while a change is not yet written.</summary>
    public bool Pending { get; init; }

    /// <summary>Null when no table exists and none ever failed.</summary>
    public static FirewallView? From(NftStatus s) => s.Table is null && s.Failures == 0 && !s.Pending
        ? null
        : new FirewallView
        {
            Table = s.Table ?? "",
            Families = [.. (s.IPv4 ? ["ipv4"] : Array.Empty<string>()).Concat(s.IPv6 ? ["ipv6"] : [])],
            Dropped = s.Dropped,
            Writes = s.Writes,
            Failures = s.Failures,
            LastError = s.LastError,
            Pending = s.Pending,
        };
}
