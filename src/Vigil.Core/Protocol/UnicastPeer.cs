namespace Vigil.Core.Protocol;

/// <summary>A <c>unicast_peer</c> entry: <c>IP [min_ttl N] [max_ttl N]</c>. A TTL range turns source checking
/// on and is checked for adverts from this peer.</summary>
public readonly record struct UnicastPeer(IpAddressValue Address, byte MinTtl = 0, byte MaxTtl = 255)
{
    public bool HasTtlRange => MinTtl != 0 || MaxTtl != 255;
}
