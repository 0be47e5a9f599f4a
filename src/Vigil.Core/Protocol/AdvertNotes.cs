namespace Vigil.Core.Protocol;

/// <summary>Things worth logging about an advert that was accepted anyway.</summary>
[Flags]
public enum AdvertNotes
{
    None = 0,

    /// <summary>Its VIP list differs from ours (counted as address_list, accepted).</summary>
    AddressListMismatch = 1,

    /// <summary>v3: its interval differs from ours (logged only; a backup adopts it).</summary>
    IntervalMismatch = 2,

    /// <summary>v3 unicast over IPv4: the checksum matched only the pre-1.3.6 keepalived form that used the
    /// multicast group in the pseudo-header.</summary>
    OldUnicastChecksum = 4,
}
