namespace Vigil.Engine.Effects;

/// <summary>
/// The firewall no_accept needs (keepalived's nftables table): one table per family named <paramref name="Table"/>,
/// each with a set of addresses to drop and input and output chains at <paramref name="Priority"/>. Emitted at the
/// first load when some instance drops traffic (the port rebuilds the tables, so a table a killed run left behind is
/// emptied), at a reload that changes it, and at stop with both families off (the port deletes the tables).
/// </summary>
public sealed record ConfigureFirewall(string Table, int Priority, bool Counters, bool IPv4, bool IPv6) : EngineEffect
{
    public bool Any => IPv4 || IPv6;

    /// <summary>Some dropping instance has an IPv6 link-local VIP: the IPv6 table gets keepalived's
    /// <c>vips_link_local</c> set and the rules that use it, ready before the first MASTER entry.</summary>
    public bool LinkLocal { get; init; }
}
