using Microsoft.Extensions.Logging;
using Vigil.Engine.Effects;
using Vigil.Engine.Ports;
using Vigil.Linux.Firewall;
using Vigil.Logging;

namespace Vigil.Daemon;

/// <summary>The firewall port: no_accept's drop sets in nftables (docs/firewall.md). Calls return at once; the writer
/// sends its netlink batches off the loop.</summary>
public sealed partial class VigilDaemon : IFirewall
{
    private NfTablesFirewall? _nft;

    private NfTablesFirewall Nft =>
        _nft ??= new NfTablesFirewall(_firewallLogger.NftablesProblem, _firewallLogger.NftablesRecovered);

    /// <summary>What the no_accept tables hold and how the writes went (any thread).</summary>
    public NftStatus FirewallStatus => _nft?.Status ?? NftStatus.Empty;

    void IFirewall.Configure(ConfigureFirewall c) =>
        Nft.Configure(new NftSettings(c.Table, c.Priority, c.Counters, c.IPv4, c.IPv6, c.LinkLocal));

    void IFirewall.Drop(FirewallDrop drop) =>
        Nft.SetDrops(drop.Instance, drop.Addresses, [.. drop.LinkLocal.Select(l => (l.Address, l.Interface))]);

    /// <summary>At stop, before the remaining children are ended: the tables' removal must be written.</summary>
    private void FlushFirewall()
    {
        if (_nft is { } nft && !nft.WaitIdle(TimeSpan.FromSeconds(5)))
            _firewallLogger.TablesNotRemoved();
    }
}
