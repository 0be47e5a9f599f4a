namespace Vigil.Linux.Firewall;

/// <summary>The no_accept tables as last written: <see cref="Table"/> null when none exists; the addresses dropped;
/// writes and failed writes (netlink batches) since start; <see cref="Pending"/> while a change is not yet
/// written.</summary>
public sealed record NftStatus(
    string? Table,
    bool IPv4,
    bool IPv6,
    IReadOnlyList<string> Dropped,
    long Writes,
    long Failures,
    string? LastError,
    bool Pending)
{
    public static readonly NftStatus Empty = new(null, false, false, [], 0, 0, null, false);
}
