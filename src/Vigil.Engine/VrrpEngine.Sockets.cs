using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>One raw socket the engine needs to send and receive: on <paramref name="Interface"/>, for
/// <paramref name="Family"/>, joined to <paramref name="Groups"/>. <paramref name="Ah"/> marks the IPv4 protocol 51
/// socket of VRRPv2 <c>auth_type AH</c> (adverts without AH use protocol 112).</summary>
public sealed record SocketNeed(string Interface, IpFamily Family, bool Ah, IReadOnlyList<IPAddress> Groups);

public sealed partial class VrrpEngine
{
    /// <summary>The sockets a configuration needs, before it is loaded: one per interface and family in use, shared by
    /// the instances on it and joined to every multicast group they use, then one AH socket per interface that
    /// carries a VRRPv2 IPv4 instance with <c>auth_type AH</c>. The driver opens these and derives nothing
    /// itself.</summary>
    public static IReadOnlyList<SocketNeed> SocketsNeeded(VigilConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var needs = new List<SocketNeed>();
        foreach (var group in config.Instances.GroupBy(i => (Interface: AdvertInterface(i, config.Global), i.Family)))
        {
            needs.Add(new SocketNeed(group.Key.Interface, group.Key.Family, false,
                group.Select(i => MulticastGroup(i, config.Global)).Distinct().ToList()));
        }

        foreach (var group in config.Instances
                     .Where(i => i.Version == 2 && i.AuthType == AuthType.Ah && i.Family == IpFamily.IPv4)
                     .GroupBy(i => AdvertInterface(i, config.Global)))
        {
            needs.Add(new SocketNeed(group.Key, IpFamily.IPv4, true,
                group.Select(i => MulticastGroup(i, config.Global)).Distinct().ToList()));
        }

        return needs;
    }

    /// <summary>The group an instance advertises to: its <c>mcast_dst_ip</c> when that is of its family, else the
    /// global default of its family.</summary>
    internal static IPAddress MulticastGroup(VrrpInstanceConfig instance, GlobalDefs globals)
    {
        var family = instance.Family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (instance.McastDstIp.AddressFamily == family)
        {
            return instance.McastDstIp;
        }

        return instance.Family == IpFamily.IPv4 ? globals.McastGroup4 : globals.McastGroup6;
    }
}
