using Microsoft.Extensions.Logging;
using Vigil.Logging;
using Vigil.Engine.Effects;
using Vigil.Engine.Ports;
using Vigil.Linux.Firewall;

namespace Vigil.Daemon;

/// <summary>The firewall port: no_accept's drop sets in nftables (docs/firewall.md). Calls return at once; the writer
/// runs nft off the loop.</summary>
public sealed partial class VigilDaemon : IFirewall
{
    private NftFirewall? _nft;

    private NftFirewall Nft => _nft ??= new NftFirewall(_firewallLogger.NftablesProblem);

    /// <summary>What the no_accept tables hold and how nft's writes went (any thread).</summary>
    public NftStatus FirewallStatus => _nft?.Status ?? NftStatus.Empty;

    void IFirewall.Configure(ConfigureFirewall c) =>
        Nft.Configure(new NftSettings(c.Table, c.Priority, c.Counters, c.IPv4, c.IPv6));

    // drop.LinkLocal (IPv6 link-local VIPs with their interface, keepalived's vips_link_local) is not written yet:
    // the nft writer has no interface-qualified set; the engine and the simulator carry it (docs/firewall.md).
    void IFirewall.Drop(FirewallDrop drop) => Nft.SetDrops(drop.Instance, drop.Addresses);

    /// <summary>At stop, before the remaining children are ended: the tables' removal must be written.</summary>
    private void FlushFirewall()
    {
        if (_nft is { } nft && !nft.WaitIdle(TimeSpan.FromSeconds(5)))
            _firewallLogger.TablesNotRemoved();
    }
}
