using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Macs;

namespace Vigil.Core.Protocol;

/// <summary>
/// keepalived 2.4.2+'s auth_hmac trailer (draft-cassen-vrrp-auth-hmac), as observed on keepalived 2.4.3's adverts:
/// 28 bytes after the VRRP advert: type 1, key id, two reserved zero bytes, the 64-bit <see cref="HmacSequence"/>,
/// then the first 16 bytes of HMAC-SHA256. The HMAC covers a 20-byte pseudo-header (IP version 4 or 6, VRRP
/// version, VRID, 0, the IP source address in 16 bytes, IPv4 zero-padded) and the whole VRRP payload with its
/// checksum and the HMAC field read as zero. The HMAC is computed in managed code (<see cref="ManagedHmac"/>); the
/// send and receive paths use the keyed hashes <see cref="HmacSettings"/> keeps and allocate nothing.
/// </summary>
public static class VrrpHmac
{
    public const int TrailerLength = 28;

    public const int TagLength = 16;

    public const byte TrailerType = 1;

    public const int KeyIdOffset = 1;

    public const int SequenceOffset = 4;

    public const int TagOffset = 12;

    public const int PseudoHeaderLength = 20;

    public const int MinKeyLength = 32;

    public const int MaxKeyLength = 64;

    /// <summary>Largest payload signed or verified: a v3 IPv6 advert with 255 addresses and the trailer.</summary>
    public const int MaxPayload = VrrpWire.HeaderLength + VrrpWire.MaxAddresses * 16 + TrailerLength;

    /// <summary>Writes the trailer (the last 28 bytes of <paramref name="payload"/>, which holds the advert and room
    /// for it) and signs it, keying a new HMAC with <paramref name="key"/> (for tests and tools; the engine signs with
    /// its <see cref="HmacSettings"/>). The checksum may be filled before or after: it is read as zero. False when
    /// the payload cannot carry a trailer or the key is empty.</summary>
    public static bool Sign(Span<byte> payload, IpAddressValue source, byte keyId, ReadOnlySpan<byte> key,
        HmacSequence sequence) =>
        CanCarryTrailer(payload) && !key.IsEmpty
        && SignWith(payload, source, keyId, ManagedHmac.Sha256(key), sequence);

    /// <summary>As <see cref="Sign(Span{byte}, IpAddressValue, byte, ReadOnlySpan{byte}, HmacSequence)"/> with the
    /// settings' active key and its cached keyed hash (the engine's send path).</summary>
    public static bool Sign(Span<byte> payload, IpAddressValue source, HmacSettings settings, HmacSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CanCarryTrailer(payload) && settings.Hash(settings.ActiveKeyId) is { } hash
            && SignWith(payload, source, settings.ActiveKeyId, hash, sequence);
    }

    private static bool CanCarryTrailer(ReadOnlySpan<byte> payload) =>
        payload.Length >= VrrpWire.HeaderLength + TrailerLength && payload.Length <= MaxPayload;

    private static bool SignWith(Span<byte> payload, IpAddressValue source, byte keyId,
        HMac hash, HmacSequence sequence)
    {
        var trailer = payload[^TrailerLength..];
        trailer[0] = TrailerType;
        trailer[KeyIdOffset] = keyId;
        trailer[2] = 0;
        trailer[3] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(trailer[SequenceOffset..], sequence.Value);
        Span<byte> tag = stackalloc byte[TagLength];
        ComputeTag(payload, source, hash, tag);
        tag.CopyTo(trailer[TagOffset..]);
        return true;
    }

    /// <summary>The 16-byte tag of <paramref name="payload"/> (advert and trailer) as sent from
    /// <paramref name="source"/>, with a keyed HMAC-SHA256 (<see cref="HmacSettings.Hash"/>; ready again after the
    /// call). The pseudo-header, the payload and the zeroed checksum and tag are fed in pieces, so nothing is
    /// copied.</summary>
    public static void ComputeTag(
        ReadOnlySpan<byte> payload,
        IpAddressValue source,
        HMac hash,
        Span<byte> tag)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Span<byte> pseudo = stackalloc byte[PseudoHeaderLength + TagLength];
        pseudo.Clear();
        pseudo[0] = source.Family == Primitives.IpFamily.IPv4 ? (byte)4 : (byte)6;
        pseudo[1] = (byte)(payload[0] >> 4);
        pseudo[2] = payload[1];
        source.WriteTo(pseudo[4..]);
        var zeros = pseudo[PseudoHeaderLength..];
        hash.BlockUpdate(pseudo[..PseudoHeaderLength]);
        hash.BlockUpdate(payload[..VrrpChecksum.Offset]);
        hash.BlockUpdate(zeros[..2]);
        hash.BlockUpdate(payload[(VrrpChecksum.Offset + 2)..^TagLength]);
        hash.BlockUpdate(zeros);
        Span<byte> mac = stackalloc byte[ManagedHmac.Sha256Length];
        hash.DoFinal(mac); // leaves the keyed state for the next message
        mac[..TagLength].CopyTo(tag);
    }

    /// <summary>Rewrites the sequence of an already signed payload and signs it again (the steady-state send path:
    /// the advert bytes are cached, only the sequence and the tag change).</summary>
    public static bool Resign(
        Span<byte> payload,
        IpAddressValue source,
        ReadOnlySpan<byte> key,
        HmacSequence sequence) =>
        payload.Length >= VrrpWire.HeaderLength + TrailerLength
        && Sign(payload, source, payload[payload.Length - TrailerLength + KeyIdOffset], key, sequence);

    public static byte ReadKeyId(ReadOnlySpan<byte> payload) => payload[payload.Length - TrailerLength + KeyIdOffset];

    public static HmacSequence ReadSequence(ReadOnlySpan<byte> payload) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(payload[(payload.Length - TrailerLength + SequenceOffset)..]));

    /// <summary>
    /// The trailer checks that need no state, in keepalived's order: well formed, known key, HMAC (constant-time
    /// compare). <paramref name="payload"/> is the advert with its trailer. The replay checks follow in
    /// <see cref="HmacReplayWindow"/>.
    /// </summary>
    public static HmacVerdict Verify(ReadOnlySpan<byte> payload, IpAddressValue source, HmacSettings settings,
        out HmacSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(settings);
        sequence = default;
        if (payload.Length < VrrpWire.HeaderLength + TrailerLength || payload.Length > MaxPayload)
        {
            return HmacVerdict.Malformed;
        }

        var trailer = payload[^TrailerLength..];
        if (trailer[0] != TrailerType || trailer[2] != 0 || trailer[3] != 0)
        {
            return HmacVerdict.Malformed;
        }

        byte keyId = trailer[KeyIdOffset];
        if (!settings.HasKey(keyId))
        {
            return HmacVerdict.UnknownKey;
        }

        Span<byte> tag = stackalloc byte[TagLength];
        ComputeTag(payload, source, settings.Hash(keyId)!, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, trailer[TagOffset..]))
        {
            return HmacVerdict.InvalidHmac;
        }

        sequence = ReadSequence(payload);
        return HmacVerdict.Ok;
    }
}
