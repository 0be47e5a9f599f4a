using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// The receive checks of docs/vrrp.md "Receiving", in order: length and header sanity; TTL (255 for
/// multicast; a peer's range for unicast); version; v2 auth type and password (or AH: ICV and sequence, see
/// <see cref="CheckAh"/>); type 1; VRID; checksum;
/// multicast/unicast destination matching the instance's mode; v2 interval; unicast source; VIP list (noted,
/// accepted). Never throws, allocates nothing; returns one drop reason.
/// </summary>
public static class AdvertCheck
{
    public static DropReason Check(ReadOnlySpan<byte> message, in ReceivedPacket packet, AdvertExpectations expect,
        out VrrpAdvert advert, out AdvertNotes notes)
    {
        ArgumentNullException.ThrowIfNull(expect);
        notes = AdvertNotes.None;
        if (!VrrpCodec.TryDecode(message, packet.Family, out advert, out var reason))
        {
            return reason;
        }

        var result = CheckDecoded(advert, packet, expect, out notes);
        if (result != DropReason.None)
        {
            advert = default;
        }

        return result;
    }

    /// <summary>
    /// The checks for an AH-authenticated advert (keepalived's <c>auth_type AH</c>): <paramref name="datagram"/> is
    /// the whole IPv4 datagram of protocol 51 (header, AH, VRRP). Beyond <see cref="Check"/>, the AH next header must
    /// be 112, the ICV must verify with the instance's key and the sequence number must be above
    /// <paramref name="lastSequence"/> (what the instance last sent or accepted), else
    /// <see cref="DropReason.AuthFailure"/>. <paramref name="sequence"/> is the advert's sequence number, for the
    /// caller to remember once accepted.
    /// </summary>
    public static DropReason CheckAh(ReadOnlySpan<byte> datagram, AdvertExpectations expect, uint lastSequence,
        out VrrpAdvert advert, out AdvertNotes notes, out ReceivedPacket packet, out uint sequence) =>
        CheckAh(datagram, expect, lastSequence, out advert, out notes, out packet, out sequence, out _);

    /// <summary>As above, and <paramref name="failure"/> names the AH check that refused an advert dropped as
    /// <see cref="DropReason.AuthFailure"/> (<see cref="AhFailure.None"/> otherwise).</summary>
    public static DropReason CheckAh(ReadOnlySpan<byte> datagram, AdvertExpectations expect, uint lastSequence,
        out VrrpAdvert advert, out AdvertNotes notes, out ReceivedPacket packet, out uint sequence,
        out AhFailure failure)
    {
        ArgumentNullException.ThrowIfNull(expect);
        advert = default;
        notes = AdvertNotes.None;
        packet = default;
        sequence = 0;
        failure = AhFailure.None;
        if (!Ipv4Header.TryParse(datagram, out var ip, out var payload, out var reason, VrrpAh.Protocol))
        {
            return reason;
        }

        packet = ReceivedPacket.From(ip);
        if (payload.Length < VrrpAh.HeaderLength + VrrpWire.HeaderLength || payload[1] != VrrpAh.PayloadLengthWords)
        {
            return DropReason.PacketLength;
        }

        if (!VrrpCodec.TryDecode(payload[VrrpAh.HeaderLength..], IpFamily.IPv4, out advert, out reason))
        {
            return reason;
        }

        sequence = VrrpAh.ReadSequence(payload);
        var ah = new AhInput(datagram[..ip.TotalLength], payload, lastSequence);
        var result = CheckDecoded(advert, packet, expect, ah, default, out notes, out _, out failure);
        if (result != DropReason.None)
        {
            advert = default;
        }

        return result;
    }

    /// <summary>
    /// The checks for an instance with auth_hmac (keepalived 2.4): <paramref name="message"/> is the VRRP payload,
    /// with the 28-byte trailer or without it (told by length against the advert's own address count). The trailer is
    /// checked where keepalived checks it, right after the version: well formed, known key, HMAC, then freshness and
    /// replay against <paramref name="replay"/> (not updated here: the caller records <paramref name="sequence"/> once
    /// the advert is accepted). Without a trailer, <c>enforce</c> drops the advert as
    /// <see cref="DropReason.AuthExtMissing"/> and the migration modes go on. <paramref name="signed"/> says whether a
    /// verified trailer was present.
    /// </summary>
    public static DropReason CheckHmac(ReadOnlySpan<byte> message, in ReceivedPacket packet, AdvertExpectations expect,
        HmacSettings settings, HmacReplayWindow replay, long nowUnixMicroseconds, out VrrpAdvert advert,
        out AdvertNotes notes, out HmacSequence sequence, out bool signed)
    {
        ArgumentNullException.ThrowIfNull(expect);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(replay);
        notes = AdvertNotes.None;
        sequence = default;
        signed = false;
        var body = message;
        if (message.Length >= VrrpWire.HeaderLength && (message[0] >> 4) is 2 or 3)
        {
            int plain = VrrpCodec.MessageLength((VrrpVersion)(message[0] >> 4), packet.Family, message[3]);
            if (message.Length == plain + VrrpHmac.TrailerLength)
            {
                body = message[..plain];
                signed = true;
            }
        }

        if (!VrrpCodec.TryDecode(body, packet.Family, out advert, out var reason))
        {
            signed = false;
            return reason;
        }

        var hmac = new HmacInput(signed ? message : default, settings, replay, nowUnixMicroseconds);
        var result = CheckDecoded(advert, packet, expect, default, hmac, out notes, out sequence, out _);
        if (result != DropReason.None)
        {
            advert = default;
            signed = false;
        }

        return result;
    }

    /// <summary>The checks after decoding, for callers that decoded already (an advert that came without AH).</summary>
    public static DropReason CheckDecoded(in VrrpAdvert advert, in ReceivedPacket packet, AdvertExpectations expect,
        out AdvertNotes notes) => CheckDecoded(advert, packet, expect, default, out notes);

    private static DropReason CheckDecoded(in VrrpAdvert advert, in ReceivedPacket packet, AdvertExpectations expect,
        in AhInput ah, out AdvertNotes notes) =>
        CheckDecoded(advert, packet, expect, ah, default, out notes, out _, out _);

    private static DropReason CheckDecoded(in VrrpAdvert advert, in ReceivedPacket packet, AdvertExpectations expect,
        in AhInput ah, in HmacInput hmac, out AdvertNotes notes, out HmacSequence sequence, out AhFailure ahFailure)
    {
        sequence = default;
        ahFailure = AhFailure.None;
        ArgumentNullException.ThrowIfNull(expect);
        notes = AdvertNotes.None;

        // keepalived's first check: an AH header exactly when the instance is configured for AH.
        if (ah.Present != (expect.Version == VrrpVersion.V2 && expect.AuthType == VrrpAuthType.Ah))
        {
            return DropReason.AuthTypeMismatch;
        }

        if (!TtlAcceptable(packet, expect))
        {
            return DropReason.Ttl;
        }

        if (advert.Version != expect.Version || advert.Family != expect.Family)
        {
            return DropReason.Version;
        }

        if (hmac.Settings is not null)
        {
            var verdict = CheckHmacTrailer(hmac, packet.Source, out sequence);
            if (verdict != DropReason.None)
            {
                return verdict;
            }
        }

        if (advert.Version == VrrpVersion.V2)
        {
            if ((byte)advert.AuthType > (byte)VrrpAuthType.Ah)
            {
                return DropReason.AuthTypeInvalid;
            }

            if (advert.AuthType != expect.AuthType)
            {
                return DropReason.AuthTypeMismatch;
            }

            if (advert.AuthType == VrrpAuthType.Pass && !expect.Password.Matches(advert.AuthData))
            {
                return DropReason.AuthFailure;
            }

            if (advert.AuthType == VrrpAuthType.Ah)
            {
                var verdict = CheckAhHeader(ah, expect, out ahFailure);
                if (verdict != DropReason.None)
                {
                    return verdict;
                }
            }
        }

        if (advert.Header.Type != VrrpWire.TypeAdvertisement)
        {
            return DropReason.InvalidType;
        }

        if (advert.VirtualRouterId != expect.VirtualRouterId)
        {
            return DropReason.Vrid;
        }

        var mode = VrrpChecksum.ModeFor(advert.Version, advert.Family, expect.V3ChecksumAsV2);
        // IPv6: the sender's kernel computes the checksum over the whole payload, trailer included, after signing.
        var covered = mode == ChecksumMode.PseudoHeaderV6 && !hmac.Message.IsEmpty ? hmac.Message : advert.Message;
        if (!VrrpChecksum.Verify(covered, mode, packet.Source, packet.Destination))
        {
            if (!(expect.AcceptOldUnicastChecksum && mode == ChecksumMode.PseudoHeaderV4 && !packet.IsMulticast
                  && VrrpChecksum.Verify(advert.Message, mode, packet.Source, IpAddressValue.VrrpMulticastV4)))
            {
                return DropReason.Checksum;
            }

            notes |= AdvertNotes.OldUnicastChecksum;
        }

        if (packet.IsMulticast == expect.IsUnicast)
        {
            return DropReason.Destination;
        }

        if (advert.Interval != expect.Interval)
        {
            if (advert.Version == VrrpVersion.V2)
            {
                return DropReason.IntervalMismatch;
            }

            notes |= AdvertNotes.IntervalMismatch;
        }

        if (expect.IsUnicast && expect.ChecksUnicastSource && FindPeer(expect, packet.Source) < 0)
        {
            return DropReason.UnicastSource;
        }

        if (!SameAddresses(advert, expect.VirtualAddresses))
        {
            notes |= AdvertNotes.AddressListMismatch;
        }

        return DropReason.None;
    }

    private static DropReason CheckAhHeader(in AhInput ah, AdvertExpectations expect, out AhFailure failure)
    {
        failure = AhFailure.None;
        if (ah.Header[0] != VrrpWire.Protocol)
        {
            return DropReason.IpHeader;
        }

        // The ICV first, so a forged header cannot probe the sequence state; then the SPI must be the source
        // address, as keepalived requires; then no replay: the sequence must be above what this instance last sent
        // or accepted (keepalived: "sequence number N already processed").
        failure = !VrrpAh.Verify(ah.Datagram, expect.Password, expect.IsUnicast) ? AhFailure.Icv
            : !VrrpAh.SpiIsSource(ah.Datagram) ? AhFailure.Spi
            : VrrpAh.ReadSequence(ah.Header) <= ah.LastSequence ? AhFailure.Sequence
            : AhFailure.None;
        return failure == AhFailure.None ? DropReason.None : DropReason.AuthFailure;
    }

    private static DropReason CheckHmacTrailer(in HmacInput hmac, IpAddressValue source, out HmacSequence sequence)
    {
        sequence = default;
        if (hmac.Message.IsEmpty)
        {
            return hmac.Settings!.Mode == HmacMode.Enforce ? DropReason.AuthExtMissing : DropReason.None;
        }

        var verdict = VrrpHmac.Verify(hmac.Message, source, hmac.Settings!, out sequence);
        if (verdict == HmacVerdict.Ok)
        {
            verdict = hmac.Replay!.Check(source, sequence, hmac.Settings!, hmac.NowUnixMicroseconds);
        }

        return verdict.ToDropReason();
    }

    private static bool TtlAcceptable(in ReceivedPacket packet, AdvertExpectations expect)
    {
        if (packet.IsMulticast)
        {
            return packet.Ttl == VrrpWire.Ttl;
        }

        int peer = FindPeer(expect, packet.Source);
        if (peer < 0)
        {
            return true;
        }

        var p = expect.UnicastPeers[peer];
        return !p.HasTtlRange || (packet.Ttl >= p.MinTtl && packet.Ttl <= p.MaxTtl);
    }

    private static int FindPeer(AdvertExpectations expect, IpAddressValue source)
    {
        var peers = expect.UnicastPeers;
        for (int i = 0; i < peers.Length; i++)
        {
            if (peers[i].Address == source)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SameAddresses(in VrrpAdvert advert, IpAddressValue[] ours)
    {
        if (advert.AddressCount != ours.Length)
        {
            return false;
        }

        foreach (var address in ours)
        {
            if (!advert.Contains(address))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The AH part of a received datagram: the datagram itself (for the ICV), the AH header, and the
    /// sequence number the instance last sent or accepted.</summary>
    private readonly ref struct AhInput(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> header, uint lastSequence)
    {
        public ReadOnlySpan<byte> Datagram { get; } = datagram;

        public ReadOnlySpan<byte> Header { get; } = header;

        public uint LastSequence { get; } = lastSequence;

        public bool Present => Header.Length >= VrrpAh.HeaderLength;
    }

    /// <summary>The auth_hmac part of a received advert: the whole payload when it carries a trailer (empty when
    /// not), the instance's settings and replay marks, and our clock (UTC) for the freshness window.</summary>
    private readonly ref struct HmacInput(ReadOnlySpan<byte> message, HmacSettings settings, HmacReplayWindow replay,
        long nowUnixMicroseconds)
    {
        public ReadOnlySpan<byte> Message { get; } = message;

        public HmacSettings? Settings { get; } = settings;

        public HmacReplayWindow? Replay { get; } = replay;

        public long NowUnixMicroseconds { get; } = nowUnixMicroseconds;
    }
}
