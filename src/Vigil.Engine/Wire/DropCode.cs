namespace Vigil.Engine.Wire;

/// <summary>Why a received advert was dropped; each has a per-instance counter (snake_case in status).</summary>
public enum DropCode
{
    None = 0,
    PacketLength,
    Ttl,
    Version,
    Type,
    Checksum,
    AuthType,
    AuthFailure,
    IntervalMismatch,
    UnknownVrid,
    AddressList,
    UnicastSource,
    Family,
}
