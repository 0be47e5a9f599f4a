using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// The receive checks of docs/vrrp.md "Receiving", in order: length and header sanity; TTL (255 for
/// multicast; a peer's range for unicast); version; v2 auth type and password; type 1; VRID; checksum;
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

    /// <summary>The checks after decoding, for callers that decoded already.</summary>
    public static DropReason CheckDecoded(in VrrpAdvert advert, in ReceivedPacket packet, AdvertExpectations expect,
        out AdvertNotes notes)
    {
        ArgumentNullException.ThrowIfNull(expect);
        notes = AdvertNotes.None;
        if (!TtlAcceptable(packet, expect))
        {
            return DropReason.Ttl;
        }

        if (advert.Version != expect.Version || advert.Family != expect.Family)
        {
            return DropReason.Version;
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

            // AH adverts arrive as IP protocol 51 and are not implemented: never accepted.
            if (advert.AuthType == VrrpAuthType.Ah
                || (advert.AuthType == VrrpAuthType.Pass && !expect.Password.Matches(advert.AuthData)))
            {
                return DropReason.AuthFailure;
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
        if (!VrrpChecksum.Verify(advert.Message, mode, packet.Source, packet.Destination))
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

        if (advert.IntervalCentiseconds != expect.IntervalCentiseconds)
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
}
