using System.Net;

namespace Vigil.Simulation;

/// <summary>One interface of a host: its segment, its own addresses (an IPv4 primary and an IPv6 link-local)
/// and whether the link is up.</summary>
public sealed class SimInterface(SimHost host, string name, Segment segment, IPAddress ipv4, IPAddress ipv6)
{
    public SimHost Host { get; } = host;
    public string Name { get; } = name;
    public Segment Segment { get; } = segment;
    public IPAddress Ipv4 { get; } = ipv4;
    public IPAddress Ipv6 { get; } = ipv6;
    public byte[] Ipv4Bytes { get; } = ipv4.GetAddressBytes();
    public byte[] Ipv6Bytes { get; } = ipv6.GetAddressBytes();
    public bool LinkUp { get; set; } = true;
}
