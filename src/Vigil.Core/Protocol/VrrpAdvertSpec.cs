using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// Everything needed to encode one advert besides its addresses. <see cref="Source"/> and
/// <see cref="Destination"/> only matter for the v3 pseudo-header checksum.
/// </summary>
public readonly record struct VrrpAdvertSpec(
    VrrpVersion Version,
    IpFamily Family,
    VrId VirtualRouterId,
    Priority Priority,
    TimeSpan Interval,
    IpAddressValue Source,
    IpAddressValue Destination,
    VrrpAuthType AuthType = VrrpAuthType.None,
    VrrpPassword Password = default,
    bool V3ChecksumAsV2 = false)
{
    public ChecksumMode ChecksumMode => VrrpChecksum.ModeFor(Version, Family, V3ChecksumAsV2);
}
