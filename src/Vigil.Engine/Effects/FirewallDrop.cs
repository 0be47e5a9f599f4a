using System.Net;

namespace Vigil.Engine.Effects;

/// <summary>
/// RFC 5798 Accept_Mode false (keepalived's no_accept, implied by vrrp_strict): the addresses whose traffic this
/// instance wants dropped, as a whole; empty withdraws them all. A MASTER that is not the address owner asks for its
/// VIPs and excluded VIPs before adding them, and withdraws them after removing them on every way out of MASTER.
/// The port keeps the union over instances in the drop set of each family.
/// </summary>
public sealed record FirewallDrop(string Instance, IReadOnlyList<IPAddress> Addresses) : EngineEffect;
