namespace Vigil.Core.Protocol;

/// <summary>What the VRRP checksum covers besides the VRRP message.</summary>
public enum ChecksumMode
{
    /// <summary>The VRRP message only: v2, and v3 over IPv4 with <c>v3_checksum_as_v2</c>.</summary>
    Plain,

    /// <summary>v3 over IPv4 (keepalived's default): src, dst, 0, 112, length.</summary>
    PseudoHeaderV4,

    /// <summary>v3 over IPv6 (RFC 8200 pseudo-header), always.</summary>
    PseudoHeaderV6,
}
