using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>The firewall last asked for (null before any instance dropped traffic).</summary>
    public ConfigureFirewall? Firewall { get; private set; }

    /// <summary>At every load, before any address changes: the tables the configuration needs, one per family that
    /// has a VIP of a no_accept non-owner (an IPv6 link-local one counts: keepalived 2.2.7 builds its ip6 table for
    /// it, with the address in <c>vips_link_local</c>). The first load asks even when nothing changed, so the port
    /// rebuilds the tables and empties what a killed run left in them.</summary>
    private void EmitFirewall(VigilConfig config, bool first)
    {
        var dropped = config.Instances.Where(i => !i.Accept && !i.IsAddressOwner)
            .SelectMany(i => i.VirtualIpAddresses.Concat(i.VirtualIpAddressesExcluded)).ToList();
        var g = config.Global;
        var wanted = new ConfigureFirewall(g.NftTable, g.NftPriority, g.NftCounters,
            dropped.Any(v => v.Family == IpFamily.IPv4), dropped.Any(v => v.Family == IpFamily.IPv6))
        {
            LinkLocal = dropped.Any(v => v.Address.IsIPv6LinkLocal),
        };
        if (first ? !wanted.Any : wanted == Firewall || (Firewall is null && !wanted.Any))
        {
            return;
        }

        Firewall = wanted;
        Emit(wanted);
    }

    /// <summary>At stop, after every instance withdrew its addresses: the tables go.</summary>
    private void EmitFirewallRemoval()
    {
        if (Firewall is { Any: true } f)
        {
            Firewall = f with { IPv4 = false, IPv6 = false, LinkLocal = false };
            Emit(Firewall);
        }
    }
}
