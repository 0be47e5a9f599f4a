using System.Net;

namespace Vigil.Linux.Netlink;

/// <summary>An address on an interface, as listed or as to be added/removed.</summary>
/// <param name="Scope">rtnetlink scope: 0 global, 200 site, 253 link, 254 host.</param>
public sealed record AddressInfo(int IfIndex, IPAddress Address, int Prefix, IPAddress? Broadcast = null,
    byte Scope = 0, string? Label = null)
{
    public override string ToString() => $"{Address}/{Prefix} (if {IfIndex})";
}
