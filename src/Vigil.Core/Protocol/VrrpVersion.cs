namespace Vigil.Core.Protocol;

/// <summary>The VRRP version nibble: 2 (RFC 3768, IPv4 only) or 3 (RFC 5798, IPv4 and IPv6).</summary>
public enum VrrpVersion : byte
{
    V2 = 2,
    V3 = 3,
}
