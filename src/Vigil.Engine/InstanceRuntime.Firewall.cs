using System.Net;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    /// <summary>The addresses this instance has asked the firewall to drop (see <see cref="FirewallDrop"/>).</summary>
    public IReadOnlyList<IPAddress> FirewallDrops { get; private set; } = [];

    /// <summary>Accept_Mode false for a non-owner, as keepalived: an owner (priority 255) accepts whatever it says.</summary>
    public bool DropsTraffic => !Config.Accept && !Config.IsAddressOwner;

    /// <summary>What the instance drops while MASTER: its VIPs and excluded VIPs (both, as keepalived), without IPv6
    /// link-local ones (an interface-scoped address; keepalived keeps them in a per-interface set that Vigil does not
    /// build, see docs/firewall.md).</summary>
    private IReadOnlyList<IPAddress> DropList() => DropsTraffic
        ? Vips.Concat(ExcludedVips).Select(v => v.Address).Where(a => !a.IsIPv6LinkLocal).Distinct().ToArray()
        : [];

    /// <summary>Asks for the drop list of an instance holding its VIPs (or none), when it differs from the last.</summary>
    private void UpdateFirewall(bool holding)
    {
        var wanted = holding ? DropList() : [];
        if (wanted.SequenceEqual(FirewallDrops))
        {
            return;
        }

        FirewallDrops = wanted;
        engine.Emit(new FirewallDrop(Name, wanted));
    }
}
