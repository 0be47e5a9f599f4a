namespace Vigil.Engine.Wire;

public static class DropCodeNames
{
    /// <summary>The status/metrics spelling of a drop reason.</summary>
    public static string Name(this DropCode code) => code switch
    {
        DropCode.PacketLength => "packet_length",
        DropCode.Ttl => "ttl",
        DropCode.Version => "version",
        DropCode.Type => "type",
        DropCode.Checksum => "checksum",
        DropCode.AuthType => "auth_type",
        DropCode.AuthFailure => "auth_failure",
        DropCode.IntervalMismatch => "interval_mismatch",
        DropCode.UnknownVrid => "unknown_vrid",
        DropCode.AddressList => "address_list",
        DropCode.UnicastSource => "unicast_source",
        DropCode.Family => "family",
        _ => "none",
    };
}
