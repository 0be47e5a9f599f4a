namespace Vigil.Core.Protocol;

/// <summary>Which AH check refused an advert counted as <see cref="DropReason.AuthFailure"/>: the check names it, so
/// the log line (keepalived's, one per cause) does not verify the ICV a second time to find out.</summary>
public enum AhFailure
{
    None,

    /// <summary>The ICV (HMAC-MD5 over the datagram) does not verify with the instance's key.</summary>
    Icv,

    /// <summary>The SPI is not the sender's address.</summary>
    Spi,

    /// <summary>The sequence number is not above the last one sent or accepted.</summary>
    Sequence,
}
