namespace Vigil.Engine.Wire;

/// <summary>The fixed fields of a VRRP message, read without allocating.</summary>
public readonly record struct AdvertHeader(int Version, byte Vrid, byte Priority, int AddressCount, int AuthType, int IntervalCentiseconds);
