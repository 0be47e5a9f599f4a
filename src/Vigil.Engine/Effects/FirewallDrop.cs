using System.Net;

namespace Vigil.Engine.Effects;

/// <summary>
/// RFC 5798 Accept_Mode false (keepalived's no_accept, implied by vrrp_strict): the addresses whose traffic this
/// instance wants dropped, as a whole; empty withdraws them all. A MASTER that is not the address owner asks for its
/// VIPs and excluded VIPs before adding them, and withdraws them after removing them on every way out of MASTER.
/// The port keeps the union over instances in the drop set of each family. IPv6 link-local VIPs are not in
/// <see cref="Addresses"/> but in <see cref="LinkLocal"/>, with their interface: an fe80:: address means something
/// only on one link, and keepalived 2.2.7 (observed) keeps them in a set of address and interface
/// (<c>vips_link_local</c>, <c>type ipv6_addr . iface_index</c>) matched by its <c>in_link_local</c> /
/// <c>out_link_local</c> chains (<c>ip6 daddr . iif</c>, <c>ip6 saddr . oif</c>).
/// </summary>
public sealed record FirewallDrop(string Instance, IReadOnlyList<IPAddress> Addresses) : EngineEffect
{
    public IReadOnlyList<LinkLocalDrop> LinkLocal { get; init; } = [];

    public bool IsEmpty => Addresses.Count == 0 && LinkLocal.Count == 0;
}

/// <summary>An IPv6 link-local address to drop on one interface (the VIP's <c>dev</c>, else its instance's).</summary>
public readonly record struct LinkLocalDrop(IPAddress Address, string Interface)
{
    public override string ToString() => $"{Address}%{Interface}";
}
