namespace Vigil.Core.Protocol;

/// <summary>
/// Why a received packet was not accepted as an advert. Exactly one reason per dropped packet; the
/// metric spelling is <see cref="DropReasonNames.MetricName"/>. <see cref="AddressList"/> is counted but the
/// advert is still accepted (keepalived &gt;= 2.3.3).
/// </summary>
public enum DropReason
{
    /// <summary>Not dropped.</summary>
    None = 0,

    /// <summary>Malformed IP header, or an IP protocol other than 112.</summary>
    IpHeader,

    /// <summary>Too short for the header, or a length that disagrees with the address count or IP length.</summary>
    PacketLength,

    /// <summary>TTL / hop limit not 255 on multicast, or outside a unicast peer's TTL range.</summary>
    Ttl,

    /// <summary>Unknown version, or not the configured one.</summary>
    Version,

    /// <summary>v2 authentication type other than 0, 1, 2.</summary>
    AuthTypeInvalid,

    /// <summary>v2 authentication type other than the configured one, or an AH header where none is configured
    /// (or none where AH is).</summary>
    AuthTypeMismatch,

    /// <summary>v2 PASS password mismatch, or an AH advert whose ICV does not verify or whose sequence number is not
    /// above the last one sent or accepted (a replay).</summary>
    AuthFailure,

    /// <summary>Type other than 1 (advertisement).</summary>
    InvalidType,

    Checksum,

    /// <summary>v2 advert interval differs from ours (v3 only logs).</summary>
    IntervalMismatch,

    /// <summary>Source is not a configured unicast peer (check_unicast_src).</summary>
    UnicastSource,

    /// <summary>The advert's VIP list differs from ours: counted, logged, accepted.</summary>
    AddressList,

    /// <summary>The VRID is not the one expected.</summary>
    Vrid,

    /// <summary>A multicast advert for a unicast instance, or a unicast one for a multicast instance
    /// (keepalived counts these in addr_list_err, but rejects them).</summary>
    Destination,

    /// <summary>auth_hmac <c>enforce</c>: an advert without the trailer.</summary>
    AuthExtMissing,

    /// <summary>auth_hmac: a trailer whose type is not 1 or whose reserved bytes are set.</summary>
    AuthExtMalformed,

    /// <summary>auth_hmac: a trailer signed with a key id not configured here.</summary>
    AuthExtUnknownKey,

    /// <summary>auth_hmac: the HMAC does not verify (wrong key, altered advert, forged source).</summary>
    AuthExtInvalidHmac,

    /// <summary>auth_hmac <c>anti_replay time</c>: a sequence outside the freshness window.</summary>
    AuthExtStale,

    /// <summary>auth_hmac: a sequence not after the last one accepted from that source.</summary>
    AuthExtReplay,
}
