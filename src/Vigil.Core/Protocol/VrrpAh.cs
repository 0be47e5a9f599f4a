using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Macs;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// The IPsec Authentication Header (RFC 2402) that keepalived builds itself in front of a VRRPv2 advert for
/// <c>auth_type AH</c> (no kernel IPsec is involved). On the wire: IPv4 header (protocol 51), then 24 bytes of AH
/// (next header 112, payload length 4, reserved 0, SPI = the sender's IPv4 address, a 32-bit sequence number, a
/// 96-bit ICV), then the VRRP message with auth type 2 and eight zero authentication bytes.
/// The ICV is HMAC-MD5-96 (RFC 2403) keyed with <c>auth_pass</c> over the whole datagram with the ICV, the TOS,
/// the flags and fragment offset and the header checksum zeroed. The TTL is zeroed too when the instance is unicast
/// (its TTL is <c>unicast_ttl</c> and may drop on the way), but counted for multicast, where it must be 255: that is
/// what keepalived does (checked against adverts captured from both kinds), so a peer must do the same.
/// Nothing here allocates: the zeroed copy lives on the stack.
/// </summary>
public static class VrrpAh
{
    public const byte Protocol = 51;

    public const int HeaderLength = 24;

    public const int IcvLength = 12;

    /// <summary>The AH payload length field: the header in 32-bit words minus 2.</summary>
    public const byte PayloadLengthWords = HeaderLength / 4 - 2;

    public const int SequenceOffset = 8;

    public const int IcvOffset = 12;

    /// <summary>Largest datagram signed or verified: an IPv4 header with options, AH and a 255-address
    /// advert.</summary>
    public const int MaxDatagram =
        60 + HeaderLength + VrrpWire.HeaderLength + VrrpWire.MaxAddresses * 4 + VrrpWire.V2AuthLength;

    /// <summary>Encodes the AH header (ICV zero) and the VRRPv2 advert after it; returns the bytes written, or 0
    /// when the spec is not a v2 IPv4 AH advert with a source address or the advert cannot be encoded.</summary>
    public static int EncodeAdvert(in VrrpAdvertSpec spec, ReadOnlySpan<IpAddressValue> addresses, uint sequence,
        Span<byte> destination)
    {
        if (spec.Version != VrrpVersion.V2 || spec.Family != IpFamily.IPv4 || spec.AuthType != VrrpAuthType.Ah
            || spec.Source.Family != IpFamily.IPv4 || destination.Length < HeaderLength)
        {
            return 0;
        }

        int length = VrrpCodec.Encode(spec, addresses, destination[HeaderLength..]);
        if (length == 0)
        {
            return 0;
        }

        WriteHeader(destination, spec.Source, sequence);
        return HeaderLength + length;
    }

    /// <summary>Writes the 24-byte header with a zero ICV (filled by <see cref="Sign"/> once the IP header is
    /// known).</summary>
    public static void WriteHeader(Span<byte> ah, IpAddressValue source, uint sequence)
    {
        var h = ah[..HeaderLength];
        h.Clear();
        h[0] = VrrpWire.Protocol;
        h[1] = PayloadLengthWords;
        if (source.Family == IpFamily.IPv4)
        {
            source.WriteTo(h[4..]);
        }

        BinaryPrimitives.WriteUInt32BigEndian(h[SequenceOffset..], sequence);
    }

    public static uint ReadSequence(ReadOnlySpan<byte> ah) =>
        BinaryPrimitives.ReadUInt32BigEndian(ah[SequenceOffset..]);

    public static void WriteSequence(Span<byte> ah, uint sequence) =>
        BinaryPrimitives.WriteUInt32BigEndian(ah[SequenceOffset..], sequence);

    /// <summary>Fills the ICV of a complete datagram (IPv4 header, AH, VRRP); false when it is not one.
    /// <paramref name="unicast"/>: the sending instance has unicast peers (the TTL is left out of the ICV).</summary>
    public static bool Sign(Span<byte> datagram, VrrpPassword key, bool unicast)
    {
        if (!TryLocate(datagram, out int ah))
        {
            return false;
        }

        Span<byte> icv = stackalloc byte[IcvLength];
        ComputeIcv(datagram, ah, key, unicast, icv);
        icv.CopyTo(datagram[(ah + IcvOffset)..]);
        return true;
    }

    /// <summary>True when the datagram's ICV is the one <paramref name="key"/> gives; compared in constant time.
    /// <paramref name="unicast"/>: the receiving instance has unicast peers (keepalived decides by its own instance,
    /// not by the packet's destination).</summary>
    public static bool Verify(ReadOnlySpan<byte> datagram, VrrpPassword key, bool unicast)
    {
        if (!TryLocate(datagram, out int ah))
        {
            return false;
        }

        Span<byte> icv = stackalloc byte[IcvLength];
        ComputeIcv(datagram, ah, key, unicast, icv);
        return CryptographicOperations.FixedTimeEquals(icv, datagram.Slice(ah + IcvOffset, IcvLength));
    }

    private static bool TryLocate(ReadOnlySpan<byte> datagram, out int ah)
    {
        ah = datagram.Length >= Ipv4Header.MinLength ? (datagram[0] & 0x0F) * 4 : 0;
        return ah >= Ipv4Header.MinLength && datagram.Length >= ah + HeaderLength && datagram.Length <= MaxDatagram;
    }

    /// <summary>True when the SPI is the IP source address, which keepalived requires of a verified advert.</summary>
    public static bool SpiIsSource(ReadOnlySpan<byte> datagram) =>
        TryLocate(datagram, out int ah) && datagram.Slice(12, 4).SequenceEqual(datagram.Slice(ah + 4, 4));

    private static void ComputeIcv(ReadOnlySpan<byte> datagram, int ah, VrrpPassword key, bool unicast, Span<byte> icv)
    {
        Span<byte> copy = stackalloc byte[MaxDatagram];
        copy = copy[..datagram.Length];
        datagram.CopyTo(copy);
        copy[1] = 0;                      // TOS
        copy.Slice(6, 2).Clear();         // flags, fragment offset
        if (unicast)
        {
            copy[8] = 0;                  // TTL: unicast_ttl, and routers on the way may lower it
        }

        copy.Slice(10, 2).Clear();        // header checksum
        copy.Slice(ah + IcvOffset, IcvLength).Clear();
        Span<byte> mac = stackalloc byte[ManagedHmac.Md5Length];
        ManagedHmac.Compute(KeyedMd5(key), copy, mac);
        mac[..IcvLength].CopyTo(icv);
    }

    // One keyed HMAC-MD5 per auth_pass, kept per thread (the driver signs where it sends, the engine checks where it
    // receives): keying costs more than hashing an advert, and a host has a handful of passwords. Bounded all the
    // same, in case reloads keep changing them.
    [ThreadStatic]
    private static Dictionary<VrrpPassword, HMac>? t_keyed;

    private static HMac KeyedMd5(VrrpPassword key)
    {
        var keyed = t_keyed ??= [];
        if (!keyed.TryGetValue(key, out var hmac))
        {
            if (keyed.Count >= 64)
            {
                keyed.Clear();
            }

            // The key is auth_pass zero-padded to 8 bytes; HMAC pads a short key with zeros anyway, so this equals
            // keying with the string itself.
            Span<byte> keyBytes = stackalloc byte[VrrpPassword.Length];
            key.WriteTo(keyBytes);
            hmac = ManagedHmac.Md5(keyBytes);
            keyed[key] = hmac;
        }

        return hmac;
    }
}
