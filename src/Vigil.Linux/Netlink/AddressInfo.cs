using System.Net;

namespace Vigil.Linux.Netlink;

/// <summary>An address on an interface, as listed or as to be added/removed.</summary>
/// <param name="Scope">rtnetlink scope: 0 global, 200 site, 253 link, 254 host.</param>
public sealed record AddressInfo(int IfIndex, IPAddress Address, int Prefix, IPAddress? Broadcast = null,
    byte Scope = 0, string? Label = null)
{
    /// <summary>IPv6 only: added with a preferred lifetime of 0 (never chosen as a source by the kernel unless asked
    /// for), as keepalived adds the base interface's link-local address to an IPv6 VMAC.</summary>
    public bool Deprecated { get; init; }

    public override string ToString() => $"{Address}/{Prefix} (if {IfIndex})";
}
