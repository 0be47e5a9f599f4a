using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>The fixed fields of a decoded advert, copyable and storable (the addresses stay in the packet).
/// <see cref="Interval"/> is the advert interval as a span: the codec converts the wire's v2 seconds or v3
/// centiseconds.</summary>
public readonly record struct VrrpAdvertHeader(
    VrrpVersion Version,
    IpFamily Family,
    byte Type,
    VrId VirtualRouterId,
    Priority Priority,
    byte AddressCount,
    VrrpAuthType AuthType,
    TimeSpan Interval,
    ushort Checksum);
