namespace Vigil.Core.Protocol;

/// <summary>Fixed numbers of the VRRP wire format.</summary>
public static class VrrpWire
{
    /// <summary>IP protocol / IPv6 next header.</summary>
    public const byte Protocol = 112;

    /// <summary>TTL / hop limit of every multicast advert, and what a receiver demands of one.</summary>
    public const byte Ttl = 255;

    /// <summary>TOS / traffic class keepalived sets (network control).</summary>
    public const byte Tos = 0xC0;

    public const int HeaderLength = 8;

    public const int V2AuthLength = 8;

    public const byte TypeAdvertisement = 1;

    public const int MaxAddresses = 255;

    /// <summary>v3: the interval field is 12 bits of centiseconds (max 40.95 s).</summary>
    public const int MaxV3IntervalCentiseconds = 0xFFF;

    /// <summary>The wire's interval unit (v3's field; v2's whole seconds are hundreds of it).</summary>
    public const long TicksPerCentisecond = TimeSpan.TicksPerMillisecond * 10;

    /// <summary>An interval in the wire's centiseconds as a span (exact).</summary>
    public static TimeSpan FromCentiseconds(int centiseconds) =>
        TimeSpan.FromTicks(centiseconds * TicksPerCentisecond);

    /// <summary>A span in the wire's centiseconds, truncated (exact for every interval an advert can carry).</summary>
    public static int ToCentiseconds(TimeSpan interval) => (int)(interval.Ticks / TicksPerCentisecond);

    /// <summary>Bytes of Ethernet minimum-frame padding (46-byte payload, plus 8 for VLAN tags) tolerated after
    /// a short IPv4 advert.</summary>
    public const int MinFramePayload = 54;
}
