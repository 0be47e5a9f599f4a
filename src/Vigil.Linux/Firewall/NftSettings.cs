namespace Vigil.Linux.Firewall;

/// <summary>The tables wanted: one per family that is on, named <paramref name="Table"/>, hooks at
/// <paramref name="Priority"/>, a counter on each rule when <paramref name="Counters"/>; the IPv6 table also gets the
/// <c>vips_link_local</c> set and its rules when <paramref name="LinkLocal"/> (some dropping instance has an IPv6
/// link-local VIP).</summary>
public sealed record NftSettings(
    string Table,
    int Priority,
    bool Counters,
    bool IPv4,
    bool IPv6,
    bool LinkLocal = false);
