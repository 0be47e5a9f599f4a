using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>docs/vrrp.md "Receiving": each drop reason, and the order in which they are checked.</summary>
public class AdvertCheckTests
{
    private static readonly IpAddressValue Me = IpAddressValue.Parse("192.0.2.1");
    private static readonly IpAddressValue Peer = IpAddressValue.Parse("192.0.2.2");
    private static readonly IpAddressValue Stranger = IpAddressValue.Parse("192.0.2.99");
    private static readonly IpAddressValue Vip1 = IpAddressValue.Parse("198.51.100.1");
    private static readonly IpAddressValue Vip2 = IpAddressValue.Parse("198.51.100.2");

    private static readonly AdvertExpectations V2Pass = new()
    {
        Version = VrrpVersion.V2,
        Family = IpFamily.IPv4,
        VirtualRouterId = new(10),
        Interval = VrrpWire.FromCentiseconds(100),
        AuthType = VrrpAuthType.Pass,
        Password = VrrpPassword.FromString("pw"),
        VirtualAddresses = [Vip1, Vip2],
    };

    private static readonly AdvertExpectations V3 = new()
    {
        Version = VrrpVersion.V3,
        Family = IpFamily.IPv4,
        VirtualRouterId = new(10),
        Interval = VrrpWire.FromCentiseconds(100),
        VirtualAddresses = [Vip1, Vip2],
    };

    private static readonly ReceivedPacket Multicast = new(Peer, IpAddressValue.VrrpMulticastV4, 255);

    private static byte[] Encode(VrrpAdvertSpec spec, params IpAddressValue[] addresses)
    {
        var buffer = new byte[VrrpCodec.MessageLength(spec.Version, spec.Family, addresses.Length)];
        Assert.Equal(buffer.Length, VrrpCodec.Encode(spec, addresses, buffer));
        return buffer;
    }

    private static VrrpAdvertSpec V2Spec(IpAddressValue destination) => new(VrrpVersion.V2, IpFamily.IPv4, new(10),
        new(100), VrrpWire.FromCentiseconds(100), Peer, destination, VrrpAuthType.Pass, VrrpPassword.FromString("pw"));

    private static VrrpAdvertSpec V3Spec(IpAddressValue destination) =>
        new(VrrpVersion.V3, IpFamily.IPv4, new(10), new(100), VrrpWire.FromCentiseconds(100), Peer, destination);

    private static (DropReason, AdvertNotes) Check(byte[] message, ReceivedPacket packet, AdvertExpectations expect)
    {
        var reason = AdvertCheck.Check(message, packet, expect, out _, out var notes);
        return (reason, notes);
    }

    [Fact]
    public void A_good_advert_is_accepted_with_no_notes()
    {
        Assert.Equal((DropReason.None, AdvertNotes.None),
            Check(Encode(V2Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2), Multicast, V2Pass));
        Assert.Equal((DropReason.None, AdvertNotes.None),
            Check(Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip2, Vip1), Multicast, V3));
    }

    [Fact]
    public void Multicast_needs_ttl_255()
    {
        var message = Encode(V2Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        Assert.Equal(DropReason.Ttl, Check(message, Multicast with { Ttl = 254 }, V2Pass).Item1);
    }

    [Fact]
    public void Unicast_ttl_is_checked_only_against_a_peer_range()
    {
        var message = Encode(V3Spec(Me), Vip1, Vip2);
        var packet = new ReceivedPacket(Peer, Me, 64);
        var noRange = WithPeers(V3, new UnicastPeer(Peer));
        Assert.Equal(DropReason.None, Check(message, packet, noRange).Item1);

        var ranged = WithPeers(V3, new UnicastPeer(Peer, MinTtl: 250, MaxTtl: 255));
        Assert.Equal(DropReason.Ttl, Check(message, packet, ranged).Item1);
        Assert.Equal(DropReason.None, Check(message, packet with { Ttl = 251 }, ranged).Item1);
    }

    [Fact]
    public void Version_must_match_the_instance()
    {
        var message = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        Assert.Equal(DropReason.Version, Check(message, Multicast, V2Pass).Item1);
    }

    [Fact]
    public void V2_auth_type_invalid_mismatch_and_failure()
    {
        var good = Encode(V2Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);

        var invalid = (byte[])good.Clone();
        invalid[4] = 3;
        Assert.Equal(DropReason.AuthTypeInvalid, Check(invalid, Multicast, V2Pass).Item1);

        var none = Encode(V2Spec(IpAddressValue.VrrpMulticastV4) with { AuthType = VrrpAuthType.None }, Vip1, Vip2);
        Assert.Equal(DropReason.AuthTypeMismatch, Check(none, Multicast, V2Pass).Item1);

        var wrong = Encode(V2Spec(IpAddressValue.VrrpMulticastV4) with { Password = VrrpPassword.FromString("px") },
            Vip1, Vip2);
        Assert.Equal(DropReason.AuthFailure, Check(wrong, Multicast, V2Pass).Item1);
    }

    [Fact]
    public void Type_must_be_advertisement()
    {
        var message = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        message[0] = 0x32;
        Assert.Equal(DropReason.InvalidType, Check(message, Multicast, V3).Item1);
    }

    [Fact]
    public void Checksum_must_verify()
    {
        var message = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        message[7] ^= 1;
        Assert.Equal(DropReason.Checksum, Check(message, Multicast, V3).Item1);

        var fromElsewhere = Multicast with { Source = Stranger };
        var intact = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        Assert.Equal(DropReason.Checksum, Check(intact, fromElsewhere, V3).Item1); // pseudo-header covers the source
    }

    [Fact]
    public void Interval_mismatch_drops_v2_and_is_only_noted_for_v3()
    {
        var v2 = Encode(V2Spec(IpAddressValue.VrrpMulticastV4) with { Interval = VrrpWire.FromCentiseconds(200) },
            Vip1, Vip2);
        Assert.Equal(DropReason.IntervalMismatch, Check(v2, Multicast, V2Pass).Item1);

        var v3 = Encode(V3Spec(IpAddressValue.VrrpMulticastV4) with { Interval = VrrpWire.FromCentiseconds(50) },
            Vip1, Vip2);
        Assert.Equal((DropReason.None, AdvertNotes.IntervalMismatch), Check(v3, Multicast, V3));
    }

    [Fact]
    public void Unicast_source_must_be_a_peer_when_checked()
    {
        var message = Encode(V3Spec(Me) with { Source = Stranger }, Vip1, Vip2);
        var packet = new ReceivedPacket(Stranger, Me, 255);
        Assert.Equal(DropReason.None, Check(message, packet, WithPeers(V3, new UnicastPeer(Peer))).Item1);
        var checking = WithPeers(V3, new UnicastPeer(Peer));
        checking = new AdvertExpectations
        {
            Version = checking.Version, Family = checking.Family, VirtualRouterId = checking.VirtualRouterId,
            Interval = checking.Interval, VirtualAddresses = checking.VirtualAddresses,
            UnicastPeers = checking.UnicastPeers, CheckUnicastSource = true,
        };
        Assert.Equal(DropReason.UnicastSource, Check(message, packet, checking).Item1);
        // A peer with a TTL range switches source checking on by itself.
        Assert.Equal(DropReason.UnicastSource,
            Check(message, packet, WithPeers(V3, new UnicastPeer(Peer, 200, 255))).Item1);
    }

    [Fact]
    public void Multicast_and_unicast_modes_must_match_the_destination()
    {
        var multicastAdvert = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        Assert.Equal(DropReason.Destination,
            Check(multicastAdvert, Multicast, WithPeers(V3, new UnicastPeer(Peer))).Item1);

        var unicastAdvert = Encode(V3Spec(Me), Vip1, Vip2);
        Assert.Equal(DropReason.Destination, Check(unicastAdvert, new ReceivedPacket(Peer, Me, 255), V3).Item1);
    }

    [Fact]
    public void A_different_vip_list_is_noted_and_accepted()
    {
        var fewer = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1);
        Assert.Equal((DropReason.None, AdvertNotes.AddressListMismatch), Check(fewer, Multicast, V3));
        var other = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, IpAddressValue.Parse("198.51.100.3"));
        Assert.Equal((DropReason.None, AdvertNotes.AddressListMismatch), Check(other, Multicast, V3));
    }

    [Fact]
    public void Vrid_must_match()
    {
        var message = Encode(V3Spec(IpAddressValue.VrrpMulticastV4) with { VirtualRouterId = new(11) }, Vip1, Vip2);
        Assert.Equal(DropReason.Vrid, Check(message, Multicast, V3).Item1);
    }

    [Fact]
    public void Old_unicast_v3_checksum_over_the_multicast_group_is_accepted_and_noted()
    {
        // keepalived before 1.3.6 put 224.0.0.18 in the pseudo-header even when sending unicast.
        var message = Encode(V3Spec(IpAddressValue.VrrpMulticastV4), Vip1, Vip2);
        var packet = new ReceivedPacket(Peer, Me, 255);
        var expect = WithPeers(V3, new UnicastPeer(Peer));
        Assert.Equal((DropReason.None, AdvertNotes.OldUnicastChecksum), Check(message, packet, expect));
    }

    [Fact]
    public void The_first_failing_check_in_receive_order_is_the_one_reported()
    {
        // Everything wrong at once: TTL, version, auth, type, checksum, interval, VIPs.
        var spec = V3Spec(IpAddressValue.VrrpMulticastV4) with { Interval = VrrpWire.FromCentiseconds(7) };
        var message = Encode(spec, Vip1);
        message[0] = 0x32;
        message[7] ^= 0xFF;
        var packet = Multicast with { Ttl = 1 };
        Assert.Equal(DropReason.Ttl, Check(message, packet, V2Pass).Item1);
        Assert.Equal(DropReason.Version, Check(message, Multicast, V2Pass).Item1);
        Assert.Equal(DropReason.InvalidType, Check(message, Multicast, V3).Item1);
        message[0] = 0x31;
        Assert.Equal(DropReason.Checksum, Check(message, Multicast, V3).Item1);

        var v2 = Encode(V2Spec(IpAddressValue.VrrpMulticastV4) with { Interval = VrrpWire.FromCentiseconds(300) },
            Vip1);
        v2[4] = 9;
        v2[7] ^= 0xFF;
        Assert.Equal(DropReason.AuthTypeInvalid, Check(v2, Multicast, V2Pass).Item1);
        v2[4] = 1;
        Assert.Equal(DropReason.Checksum, Check(v2, Multicast, V2Pass).Item1);
        v2[7] ^= 0xFF;
        Assert.Equal(DropReason.IntervalMismatch, Check(v2, Multicast, V2Pass).Item1);
    }

    [Fact]
    public void Ipv6_adverts_are_checked_with_their_pseudo_header()
    {
        var ll = IpAddressValue.Parse("fe80::2");
        var vip = IpAddressValue.Parse("2001:db8::5");
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv6, new(10), new(100),
            VrrpWire.FromCentiseconds(100), ll, IpAddressValue.VrrpMulticastV6);
        var expect = new AdvertExpectations
        {
            Version = VrrpVersion.V3, Family = IpFamily.IPv6, VirtualRouterId = new(10),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = [vip],
        };
        var message = Encode(spec, vip);
        var packet = new ReceivedPacket(ll, IpAddressValue.VrrpMulticastV6, 255);
        Assert.Equal((DropReason.None, AdvertNotes.None), Check(message, packet, expect));
        Assert.Equal(DropReason.Checksum, Check(message, packet with { Source = IpAddressValue.Parse("fe80::3") },
            expect).Item1);
        Assert.Equal(DropReason.Ttl, Check(message, packet with { Ttl = 64 }, expect).Item1);
    }

    [Fact]
    public void Counters_count_one_reason_per_packet_and_address_list_separately()
    {
        var counters = new DropCounters();
        counters.Count(DropReason.Ttl);
        counters.Count(DropReason.Ttl);
        counters.Count(DropReason.Checksum);
        counters.Count(DropReason.None);
        counters.Count(AdvertNotes.AddressListMismatch | AdvertNotes.IntervalMismatch);
        counters.Count(AdvertNotes.IntervalMismatch);
        Assert.Equal(2, counters[DropReason.Ttl]);
        Assert.Equal(1, counters[DropReason.AddressList]);
        Assert.Equal(3, counters.TotalDropped);
        var snapshot = counters.Snapshot();
        Assert.Equal(
            new Dictionary<string, long> { ["ttl"] = 2, ["checksum"] = 1, ["address_list"] = 1 },
            snapshot.ToDictionary());
        var names = DropReasonNames.All.Select(r => r.MetricName()).ToHashSet();
        Assert.Equal(DropReasonNames.All.Length, names.Count);
        foreach (var name in new[] { "ttl", "packet_length", "version", "invalid_type", "auth_type_invalid",
                     "auth_type_mismatch", "auth_failure", "checksum", "interval_mismatch", "address_list",
                     "unicast_source", "destination" })
        {
            Assert.Contains(name, names);
        }
    }

    [Fact]
    public void Counters_that_never_dropped_share_one_empty_snapshot()
    {
        var quiet = new DropCounters();
        var counted = new DropCounters();
        counted.Count(DropReason.Version);

        Assert.Empty(quiet.Snapshot());
        Assert.Same(quiet.Snapshot(), new DropCounters().Snapshot());
        Assert.Equal(1, Assert.Single(counted.Snapshot()).Value);
    }

    private static AdvertExpectations WithPeers(AdvertExpectations e, params UnicastPeer[] peers) => new()
    {
        Version = e.Version,
        Family = e.Family,
        VirtualRouterId = e.VirtualRouterId,
        Interval = e.Interval,
        AuthType = e.AuthType,
        Password = e.Password,
        VirtualAddresses = e.VirtualAddresses,
        UnicastPeers = peers,
    };
}
