namespace Vigil.Linux.Firewall;

/// <summary>The tables wanted: one per family that is on, named <paramref name="Table"/>, hooks at
/// <paramref name="Priority"/>, a counter on each drop rule when <paramref name="Counters"/>.</summary>
public sealed record NftSettings(string Table, int Priority, bool Counters, bool IPv4, bool IPv6);
