using System.Net;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    /// <summary>The addresses this instance has asked the firewall to drop (see <see cref="FirewallDrop"/>).</summary>
    public IReadOnlyList<IPAddress> FirewallDrops { get; private set; } = [];

    /// <summary>Accept_Mode false for a non-owner, as keepalived: an owner (priority 255) accepts whatever it
    /// says.</summary>
    public bool DropsTraffic => !Config.Accept && !Config.IsAddressOwner;

    /// <summary>The IPv6 link-local addresses this instance has asked to drop, each on its interface.</summary>
    public IReadOnlyList<LinkLocalDrop> FirewallLinkLocalDrops { get; private set; } = [];

    /// <summary>What the instance drops while MASTER: its VIPs and excluded VIPs (both, as keepalived); IPv6
    /// link-local ones go in a list of their own, with their interface (see <see cref="FirewallDrop"/>).</summary>
    private IReadOnlyList<IPAddress> DropList() => DropsTraffic
        ? Vips.Concat(ExcludedVips).Select(v => v.Address).Where(a => !a.IsIPv6LinkLocal).Distinct().ToArray()
        : [];

    private IReadOnlyList<LinkLocalDrop> LinkLocalDropList() => DropsTraffic
        ? Vips.Concat(ExcludedVips).Where(v => v.Address.IsIPv6LinkLocal)
            .Select(v => new LinkLocalDrop(new IPAddress(v.Address.GetAddressBytes()), v.Interface))
            .Distinct().ToArray()
        : [];

    /// <summary>Asks for the drop lists of an instance holding its VIPs (or none), when they differ from the
    /// last.</summary>
    private void UpdateFirewall(bool holding)
    {
        var wanted = holding ? DropList() : [];
        var linkLocal = holding ? LinkLocalDropList() : [];
        if (wanted.SequenceEqual(FirewallDrops) && linkLocal.SequenceEqual(FirewallLinkLocalDrops))
        {
            return;
        }

        FirewallDrops = wanted;
        FirewallLinkLocalDrops = linkLocal;
        _engine.Emit(new FirewallDrop(Name, wanted) { LinkLocal = linkLocal });
    }
}
