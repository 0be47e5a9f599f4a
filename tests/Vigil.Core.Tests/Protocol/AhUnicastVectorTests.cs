using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>Unicast AH adverts captured from a keepalived pair (tests/data/vectors/v2-ah-unicast.* from 2.2.7 and
/// v2-ah-unicast-243.* from 2.4.3, byte for byte the same; key "secret1", unicast_ttl 64): for a unicast instance
/// the ICV leaves the TTL out, so they verify only that way, pass a unicast instance's receive checks, and Vigil's
/// encoding of the same fields, signed as unicast, is the captured datagram.</summary>
public class AhUnicastVectorTests
{
    private const int EthernetHeader = 14;
    private const byte Ttl = 64;
    private static readonly VrrpPassword Key = VrrpPassword.FromString("secret1");
    private static readonly IpAddressValue Vr200 = IpAddressValue.Parse("192.0.2.11");
    private static readonly IpAddressValue Vr100 = IpAddressValue.Parse("192.0.2.12");

    /// <summary>The "frame hex" lines of both captures: vrid 55, interval 1 s, VIP 198.51.100.9;
    /// (sender, IP id, AH sequence, priority).</summary>
    public static readonly (string Hex, bool FromVr200, ushort IpId, uint Sequence, byte Priority)[] Frames =
    [
        ("02000000000b02000000000c080045c00040000100004033f5b2c000020cc000020b70040000c000020c00000001ac14a49b" +
            "d5230a7d3a51ca722137640102014e89c63364090000000000000000", false, 1, 1, 100),
        ("02000000000c02000000000b080045c00040000100004033f5b2c000020bc000020c70040000c000020b000000025b62b494" +
            "410971821e08dff32137c8010201ea88c63364090000000000000000", true, 1, 2, 200),
        ("02000000000c02000000000b080045c00040000200004033f5b1c000020bc000020c70040000c000020b00000003ed5a7a76" +
            "a443265c25ba35e82137c8010201ea88c63364090000000000000000", true, 2, 3, 200),
        ("02000000000c02000000000b080045c00040000600004033f5adc000020bc000020c70040000c000020b000000075686e540" +
            "2c1dd6d529152436213700010201b289c63364090000000000000000", true, 6, 7, 0),
        ("02000000000b02000000000c080045c00040000200004033f5b1c000020cc000020b70040000c000020c00000008c59d7729" +
            "3cc1046052eff2062137640102014e89c63364090000000000000000", false, 2, 8, 100),
    ];

    public static TheoryData<int> Indexes() => [0, 1, 2, 3, 4];

    private static byte[] Datagram(int i) => Convert.FromHexString(Frames[i].Hex)[EthernetHeader..];

    private static (IpAddressValue From, IpAddressValue To) Ends(int i) =>
        Frames[i].FromVr200 ? (Vr200, Vr100) : (Vr100, Vr200);

    /// <summary>The receiving instance: unicast, its only peer the sender.</summary>
    private static AdvertExpectations Expect(IpAddressValue peer) => new()
    {
        Version = VrrpVersion.V2,
        Family = IpFamily.IPv4,
        VirtualRouterId = new(55),
        Interval = VrrpWire.FromCentiseconds(100),
        AuthType = VrrpAuthType.Ah,
        Password = Key,
        VirtualAddresses = [IpAddressValue.Parse("198.51.100.9")],
        UnicastPeers = [new UnicastPeer(peer)],
    };

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Captured_unicast_advert_verifies_only_with_the_ttl_left_out(int i)
    {
        Assert.True(VrrpAh.Verify(Datagram(i), Key, unicast: true));
        Assert.False(VrrpAh.Verify(Datagram(i), Key, unicast: false));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Captured_unicast_advert_passes_a_unicast_instances_receive_checks(int i)
    {
        var (from, to) = Ends(i);
        var reason = AdvertCheck.CheckAh(
            Datagram(i),
            Expect(from),
            Frames[i].Sequence - 1,
            out var advert,
            out var notes,
            out var packet,
            out var sequence);

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(AdvertNotes.None, notes);
        Assert.Equal(Frames[i].Sequence, sequence);
        Assert.Equal((from, to, Ttl), (packet.Source, packet.Destination, packet.Ttl));
        Assert.Equal(Frames[i].Priority, advert.Priority.Value);
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Vigil_encodes_and_signs_the_same_fields_as_unicast_to_the_captured_bytes(int i)
    {
        var (_, _, ipId, sequence, priority) = Frames[i];
        var (from, to) = Ends(i);
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(55), new(priority),
            VrrpWire.FromCentiseconds(100), from, to, VrrpAuthType.Ah, Key);
        var buffer = new byte[128];
        int payload = VrrpAh.EncodeAdvert(spec, [IpAddressValue.Parse("198.51.100.9")], sequence,
            buffer.AsSpan(Ipv4Header.MinLength));
        int header = Ipv4Header.Write(buffer, from, to, payload, ipId, Ttl, protocol: VrrpAh.Protocol);
        Assert.True(VrrpAh.Sign(buffer.AsSpan(0, header + payload), Key, unicast: true));

        Assert.Equal(Convert.ToHexString(Datagram(i)), Convert.ToHexString(buffer, 0, header + payload));
    }

    [Fact]
    public void Every_signed_byte_matters_but_the_mutable_ones_and_the_ttl()
    {
        var datagram = Datagram(1);
        for (int i = 0; i < datagram.Length; i++)
        {
            var copy = (byte[])datagram.Clone();
            copy[i] ^= 0x01;
            bool mutable = i is 1 or 6 or 7 or 8 or 10 or 11;
            Assert.Equal(mutable, VrrpAh.Verify(copy, Key, unicast: true));
        }
    }

    [Fact]
    public void A_multicast_instance_refuses_a_unicast_signed_advert_as_an_authentication_failure()
    {
        var multicast = new AdvertExpectations
        {
            Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(55),
            Interval = VrrpWire.FromCentiseconds(100),
            AuthType = VrrpAuthType.Ah, Password = Key, VirtualAddresses = [IpAddressValue.Parse("198.51.100.9")],
        };
        // It counts the TTL in the ICV, which the sender left out: with 64 as received, or even 255.
        var datagram = Datagram(1);
        Assert.Equal(DropReason.AuthFailure, AdvertCheck.CheckAh(datagram, multicast, 0, out _, out _, out _, out _));
        datagram[8] = 255;
        Assert.Equal(DropReason.AuthFailure, AdvertCheck.CheckAh(datagram, multicast, 0, out _, out _, out _, out _));
    }

    [Fact]
    public void A_verified_advert_whose_spi_is_not_its_source_is_an_authentication_failure()
    {
        var datagram = Datagram(1);
        datagram[Ipv4Header.MinLength + 7] ^= 0x01; // SPI 192.0.2.10 from 192.0.2.11
        Assert.True(VrrpAh.Sign(datagram, Key, unicast: true));
        Assert.True(VrrpAh.Verify(datagram, Key, unicast: true));
        Assert.False(VrrpAh.SpiIsSource(datagram));
        Assert.Equal(
            DropReason.AuthFailure,
            AdvertCheck.CheckAh(datagram, Expect(Vr200), 0, out _, out _, out _, out _));
        Assert.True(VrrpAh.SpiIsSource(Datagram(1)));
    }

    [Theory]
    [InlineData("v2-ah-unicast.txt")]
    [InlineData("v2-ah-unicast-243.txt")]
    public void Frames_are_frame_hex_lines_of_both_captures(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(VectorFileTests.VectorsDirectory(), file));
        foreach (var frame in Frames)
            Assert.Contains(frame.Hex, lines);
    }
}
