using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>The fixed fields of a decoded advert, copyable and storable (the addresses stay in the packet).</summary>
public readonly record struct VrrpAdvertHeader(
    VrrpVersion Version,
    IpFamily Family,
    byte Type,
    VrId VirtualRouterId,
    Priority Priority,
    byte AddressCount,
    VrrpAuthType AuthType,
    ushort IntervalCentiseconds,
    ushort Checksum)
{
    /// <summary>The advert interval: v2 whole seconds, v3 centiseconds, both as a span.</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(IntervalCentiseconds * 10);
}
