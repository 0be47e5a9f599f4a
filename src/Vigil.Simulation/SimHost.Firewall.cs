using System.Net;
using Vigil.Engine.Effects;
using Vigil.Engine.Ports;

namespace Vigil.Simulation;

/// <summary>The simulator's firewall: no_accept's drop sets in memory, as the nftables tables would hold
/// them.</summary>
public sealed partial class SimHost : IFirewall
{
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _firewallDrops = new(StringComparer.Ordinal);

    /// <summary>The tables as last configured (null before any; both families off after stop).</summary>
    public ConfigureFirewall? FirewallTables { get; private set; }

    /// <summary>The addresses dropped now: the union over instances, only while a table of their family
    /// exists.</summary>
    public IReadOnlySet<IPAddress> DroppedAddresses => FirewallTables is not { } t
        ? new HashSet<IPAddress>()
        : _firewallDrops.Values.SelectMany(a => a)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? t.IPv6 : t.IPv4)
            .ToHashSet();

    private readonly Dictionary<string, IReadOnlyList<LinkLocalDrop>> _firewallLinkLocal = new(StringComparer.Ordinal);

    /// <summary>The IPv6 link-local addresses dropped now, each on its interface (keepalived's vips_link_local),
    /// while the IPv6 table exists.</summary>
    public IReadOnlySet<LinkLocalDrop> DroppedLinkLocal => FirewallTables is { IPv6: true }
        ? _firewallLinkLocal.Values.SelectMany(a => a).ToHashSet()
        : new HashSet<LinkLocalDrop>();

    /// <summary>The addresses each instance asked to drop.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> FirewallDropsByInstance => _firewallDrops;

    // The daemon whose drops the sets hold: a new one (after kill -9) rebuilds the tables with only its own.
    private object? _firewallWriter;

    /// <summary>Power loss: the kernel's tables are gone.</summary>
    private void ForgetFirewall()
    {
        FirewallTables = null;
        _firewallDrops.Clear();
        _firewallLinkLocal.Clear();
        _firewallWriter = null;
    }

    void IFirewall.Configure(ConfigureFirewall settings)
    {
        if (!ReferenceEquals(_firewallWriter, Engine))
        {
            _firewallDrops.Clear();
            _firewallLinkLocal.Clear();
            _firewallWriter = Engine;
        }

        FirewallTables = settings;
    }

    void IFirewall.Drop(FirewallDrop drop)
    {
        if (!ReferenceEquals(_firewallWriter, Engine))
        {
            // A new daemon's writer starts from its own, empty, idea of the sets.
            _firewallDrops.Clear();
            _firewallLinkLocal.Clear();
            _firewallWriter = Engine;
        }

        if (drop.Addresses.Count == 0)
        {
            _firewallDrops.Remove(drop.Instance);
        }
        else
        {
            _firewallDrops[drop.Instance] = drop.Addresses;
        }

        if (drop.LinkLocal.Count == 0)
        {
            _firewallLinkLocal.Remove(drop.Instance);
        }
        else
        {
            _firewallLinkLocal[drop.Instance] = drop.LinkLocal;
        }
    }
}
