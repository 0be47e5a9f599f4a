using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// What one instance expects of received adverts, built once per configuration (not per packet). Plain
/// values, so the engine can fill it from whatever configuration model it holds.
/// </summary>
public sealed class AdvertExpectations
{
    public required VrrpVersion Version { get; init; }

    public required IpFamily Family { get; init; }

    public required VrId VirtualRouterId { get; init; }

    /// <summary>Our configured interval: v2 compares it for equality (drop), v3 only notes a difference.</summary>
    public required TimeSpan Interval { get; init; }

    public VrrpAuthType AuthType { get; init; } = VrrpAuthType.None;

    public VrrpPassword Password { get; init; } = VrrpPassword.Empty;

    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>Accept a v3 IPv4 unicast checksum computed over the multicast group (keepalived before
    /// 1.3.6).</summary>
    public bool AcceptOldUnicastChecksum { get; init; } = true;

    /// <summary>Our VIPs as carried in adverts (not the excluded ones).</summary>
    public IpAddressValue[] VirtualAddresses { get; init; } = [];

    public UnicastPeer[] UnicastPeers { get; init; } = [];

    /// <summary><c>check_unicast_src</c> (or the global <c>vrrp_check_unicast_src</c>).</summary>
    public bool CheckUnicastSource { get; init; }

    public bool IsUnicast => UnicastPeers.Length > 0;

    /// <summary>Source checking is on when asked, or when any peer has a TTL range.</summary>
    public bool ChecksUnicastSource => CheckUnicastSource || Array.Exists(UnicastPeers, p => p.HasTtlRange);
}
