using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>AH-authenticated VRRPv2 adverts captured from keepalived 2.2.7 (tests/data/vectors/v2-ah-2vip.*, key
/// "secret1"): they parse, verify and pass the receive checks, and Vigil's encoding of the same fields, signed,
/// is the captured datagram byte for byte.</summary>
public class AhVectorTests
{
    private const int EthernetHeader = 14;
    private static readonly IpAddressValue Sender = IpAddressValue.Parse("192.0.2.11");
    private static readonly VrrpPassword Key = VrrpPassword.FromString("secret1");
    private static readonly string[] Vips = ["198.51.100.7", "198.51.100.8"];

    /// <summary>The "frame hex" lines of v2-ah-2vip.txt: vrid 54, interval 1 s; (IP id, AH sequence,
    /// priority).</summary>
    public static readonly (string Hex, ushort IpId, uint Sequence, byte Priority)[] Frames =
    [
        ("01005e00001202000000000b080045c0004400010000ff3318a8c000020be000001270040000c000020b00000001fa6cde68" +
            "82018c50e2bd87462136c8020201c04ec6336407c63364080000000000000000", 1, 1, 200),
        ("01005e00001202000000000b080045c0004400020000ff3318a7c000020be000001270040000c000020b00000002dc3733a4" +
            "24b1e455e1c3d2242136c8020201c04ec6336407c63364080000000000000000", 2, 2, 200),
        ("01005e00001202000000000b080045c0004400050000ff3318a4c000020be000001270040000c000020b0000000555f7d66d" +
            "7765e48fe49e05e9213600020201884fc6336407c63364080000000000000000", 5, 5, 0),
    ];

    public static TheoryData<int> Indexes() => [0, 1, 2];

    private static byte[] Datagram(int i) => Convert.FromHexString(Frames[i].Hex)[EthernetHeader..];

    internal static AdvertExpectations Expect() => new()
    {
        Version = VrrpVersion.V2,
        Family = IpFamily.IPv4,
        VirtualRouterId = new(54),
        Interval = VrrpWire.FromCentiseconds(100),
        AuthType = VrrpAuthType.Ah,
        Password = Key,
        VirtualAddresses = Vips.Select(IpAddressValue.Parse).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Captured_advert_verifies_and_passes_the_receive_checks(int i)
    {
        var datagram = Datagram(i);
        Assert.True(VrrpAh.Verify(datagram, Key, unicast: false));

        var reason = AdvertCheck.CheckAh(datagram, Expect(), Frames[i].Sequence - 1, out var advert, out var notes,
            out var packet, out var sequence);

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(AdvertNotes.None, notes);
        Assert.Equal(Frames[i].Sequence, sequence);
        Assert.Equal(
            (Sender, IpAddressValue.VrrpMulticastV4, (byte)255),
            (packet.Source, packet.Destination, packet.Ttl));
        Assert.Equal((VrrpVersion.V2, VrrpAuthType.Ah, new VrId(54)), (advert.Version, advert.AuthType,
            advert.VirtualRouterId));
        Assert.Equal(Frames[i].Priority, advert.Priority.Value);
        Assert.Equal(100, VrrpWire.ToCentiseconds(advert.Interval));
        Assert.Equal(Vips, advert.ToAddressArray().Select(a => a.ToString()));
        Assert.Equal(new byte[8], advert.AuthData.ToArray());
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Vigil_encodes_and_signs_the_same_fields_to_the_captured_bytes(int i)
    {
        var (_, ipId, sequence, priority) = Frames[i];
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(54), new(priority),
            VrrpWire.FromCentiseconds(100), Sender,
            IpAddressValue.VrrpMulticastV4, VrrpAuthType.Ah, Key);
        var buffer = new byte[128];
        int payload = VrrpAh.EncodeAdvert(spec, Vips.Select(IpAddressValue.Parse).ToArray(), sequence,
            buffer.AsSpan(Ipv4Header.MinLength));
        int header = Ipv4Header.Write(buffer, Sender, IpAddressValue.VrrpMulticastV4, payload, ipId,
            protocol: VrrpAh.Protocol);
        Assert.True(VrrpAh.Sign(buffer.AsSpan(0, header + payload), Key, unicast: false));

        Assert.Equal(Convert.ToHexString(Datagram(i)), Convert.ToHexString(buffer, 0, header + payload));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Replayed_or_older_sequence_is_an_authentication_failure(int i)
    {
        var seq = Frames[i].Sequence;
        foreach (var last in new[] { seq, seq + 1, uint.MaxValue })
        {
            Assert.Equal(
                DropReason.AuthFailure,
                AdvertCheck.CheckAh(Datagram(i), Expect(), last, out _, out _, out _, out _));
        }
    }

    [Fact]
    public void Wrong_key_fails_verification()
    {
        var datagram = Datagram(0);
        var expect = Expect();
        var wrong = new AdvertExpectations
        {
            Version = expect.Version, Family = expect.Family, VirtualRouterId = new(54),
            Interval = VrrpWire.FromCentiseconds(100),
            AuthType = VrrpAuthType.Ah, Password = VrrpPassword.FromString("secret2"),
            VirtualAddresses = expect.VirtualAddresses,
        };

        Assert.False(VrrpAh.Verify(datagram, wrong.Password, unicast: false));
        Assert.Equal(DropReason.AuthFailure, AdvertCheck.CheckAh(datagram, wrong, 0, out _, out _, out _, out _));
    }

    [Fact]
    public void Every_signed_byte_matters_but_the_mutable_ones()
    {
        var datagram = Datagram(0);
        for (int i = 0; i < datagram.Length; i++)
        {
            var copy = (byte[])datagram.Clone();
            copy[i] ^= 0x01;
            // TOS, flags/fragment offset and the header checksum are zeroed for the ICV (RFC 2402); TTL is not.
            bool mutable = i is 1 or 6 or 7 or 10 or 11;
            Assert.Equal(mutable, VrrpAh.Verify(copy, Key, unicast: false));
        }
    }

    [Fact]
    public void Ah_advert_for_an_instance_without_ah_and_plain_advert_for_an_ah_instance_are_mismatches()
    {
        var none = new AdvertExpectations
        {
            Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(54),
            Interval = VrrpWire.FromCentiseconds(100),
        };
        Assert.Equal(
            DropReason.AuthTypeMismatch,
            AdvertCheck.CheckAh(Datagram(0), none, 0, out _, out _, out _, out _));

        var plain = Datagram(0)[(Ipv4Header.MinLength + VrrpAh.HeaderLength)..];
        var packet = new ReceivedPacket(Sender, IpAddressValue.VrrpMulticastV4, 255);
        Assert.Equal(DropReason.AuthTypeMismatch, AdvertCheck.Check(plain, packet, Expect(), out _, out _));
    }

    [Fact]
    public void Next_header_other_than_vrrp_is_dropped_as_an_ip_header_error()
    {
        var datagram = Datagram(0);
        datagram[Ipv4Header.MinLength] = 6;
        Assert.True(VrrpAh.Sign(datagram, Key, unicast: false));
        Assert.Equal(DropReason.IpHeader, AdvertCheck.CheckAh(datagram, Expect(), 0, out _, out _, out _, out _));
    }

    [Fact]
    public void Truncated_datagrams_are_length_errors_not_exceptions()
    {
        var datagram = Datagram(0);
        for (int n = 0; n < datagram.Length; n++)
        {
            var cut = datagram[..n];
            // The IP total length still says 68: every cut is a length error (or a header error when too short).
            var reason = AdvertCheck.CheckAh(cut, Expect(), 0, out _, out _, out _, out _);
            Assert.True(reason is DropReason.PacketLength or DropReason.IpHeader, $"{n}: {reason}");
            Assert.False(VrrpAh.Verify(cut, Key, unicast: false) && n < datagram.Length);
        }
    }
}
