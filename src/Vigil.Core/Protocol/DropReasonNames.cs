namespace Vigil.Core.Protocol;

public static class DropReasonNames
{
    /// <summary>All reasons that have a counter (every value but None), in declaration order.</summary>
    public static readonly DropReason[] All = Enum.GetValues<DropReason>().Where(r => r != DropReason.None).ToArray();

    /// <summary>The snake_case name used in status JSON ("dropped": { "ttl": 0 }) and metric labels.</summary>
    public static string MetricName(this DropReason reason) => reason switch
    {
        DropReason.None => "none",
        DropReason.IpHeader => "ip_header",
        DropReason.PacketLength => "packet_length",
        DropReason.Ttl => "ttl",
        DropReason.Version => "version",
        DropReason.AuthTypeInvalid => "auth_type_invalid",
        DropReason.AuthTypeMismatch => "auth_type_mismatch",
        DropReason.AuthFailure => "auth_failure",
        DropReason.InvalidType => "invalid_type",
        DropReason.Checksum => "checksum",
        DropReason.IntervalMismatch => "interval_mismatch",
        DropReason.UnicastSource => "unicast_source",
        DropReason.AddressList => "address_list",
        DropReason.Vrid => "vrid",
        DropReason.Destination => "destination",
        DropReason.AuthExtMissing => "auth_ext_missing",
        DropReason.AuthExtMalformed => "auth_ext_malformed",
        DropReason.AuthExtUnknownKey => "auth_ext_unknown_key",
        DropReason.AuthExtInvalidHmac => "auth_ext_invalid_hmac",
        DropReason.AuthExtStale => "auth_ext_stale",
        DropReason.AuthExtReplay => "auth_ext_replay",
        _ => reason.ToString(),
    };

    /// <summary>The drop reason for an auth_hmac verdict (None for <see cref="HmacVerdict.Ok"/>).</summary>
    public static DropReason ToDropReason(this HmacVerdict verdict) => verdict switch
    {
        HmacVerdict.Missing => DropReason.AuthExtMissing,
        HmacVerdict.Malformed => DropReason.AuthExtMalformed,
        HmacVerdict.UnknownKey => DropReason.AuthExtUnknownKey,
        HmacVerdict.InvalidHmac => DropReason.AuthExtInvalidHmac,
        HmacVerdict.Stale => DropReason.AuthExtStale,
        HmacVerdict.Replay => DropReason.AuthExtReplay,
        _ => DropReason.None,
    };
}
