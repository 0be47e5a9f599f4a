using System.Buffers.Binary;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>auth_hmac adverts captured from keepalived 2.4.3 (v2 and v3, IPv4 and IPv6, multicast and unicast, a hex
/// and an ASCII key): they verify, pass the receive checks, and Vigil's encoding of the same fields, signed with the
/// same sequence, is the captured payload byte for byte.</summary>
public class HmacVectorTests
{
    public static TheoryData<string, int> All() => HmacVectors.All();

    private static HmacFrame Get(string capture, int index) => HmacVectors.Frames(capture)[index];

    private static AdvertExpectations ExpectFor(
        HmacFrame f,
        VrrpVersion version,
        byte vrid,
        IpAddressValue[] vips) => new()
    {
        Version = version,
        Family = f.Packet.Family,
        VirtualRouterId = new(vrid),
        Interval = VrrpWire.FromCentiseconds(100),
        VirtualAddresses = vips,
        UnicastPeers = f.Packet.IsMulticast ? [] : [new UnicastPeer(f.Packet.Source, 0, 255)],
    };

    [Fact]
    public void Every_capture_has_four_adverts_the_last_at_priority_zero()
    {
        foreach (var c in HmacVectors.Captures)
        {
            var frames = HmacVectors.Frames(c);
            Assert.Equal(4, frames.Count);
            Assert.Equal(0, frames[^1].Payload[2]);
            Assert.All(frames, f => Assert.Equal(
                VrrpCodec.MessageLength((VrrpVersion)(f.Payload[0] >> 4), f.Packet.Family, f.Payload[3]) + 28,
                f.Payload.Length));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Captured_trailer_verifies_with_the_key(string capture, int index)
    {
        var f = Get(capture, index);
        var settings = HmacVectors.Settings(capture);
        Assert.Equal(HmacVerdict.Ok, VrrpHmac.Verify(f.Payload, f.Packet.Source, settings, out var sequence));
        Assert.Equal(BinaryPrimitives.ReadUInt64BigEndian(f.Payload.AsSpan(f.Payload.Length - 24)), sequence.Value);
        Assert.Equal(settings.ActiveKeyId, VrrpHmac.ReadKeyId(f.Payload));
        Assert.Equal(0, sequence.Counter);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Captured_advert_passes_the_receive_checks(string capture, int index)
    {
        var f = Get(capture, index);
        var settings = HmacVectors.Settings(capture);
        var version = (VrrpVersion)(f.Payload[0] >> 4);
        int size = f.Packet.Family == IpFamily.IPv4 ? 4 : 16;
        var vips = Enumerable.Range(0, f.Payload[3])
            .Select(i => IpAddressValue.Read(f.Payload.AsSpan(8 + i * size, size), f.Packet.Family)).ToArray();
        var sequence = VrrpHmac.ReadSequence(f.Payload);
        long now = (long)sequence.Seconds * 1_000_000 + 300_000;
        var replay = new HmacReplayWindow();
        var reason = AdvertCheck.CheckHmac(
            f.Payload,
            f.Packet,
            ExpectFor(f, version, f.Payload[1], vips),
            settings,
            replay,
            now,
            out var advert,
            out _,
            out var seen,
            out bool signed);
        Assert.Equal(DropReason.None, reason);
        Assert.True(signed);
        Assert.Equal(sequence, seen);
        Assert.Equal(f.Payload[2], advert.Priority.Value);

        // The same advert again is a replay once accepted; a stale one is refused as stale.
        replay.Accept(f.Packet.Source, seen);
        Assert.Equal(DropReason.AuthExtReplay, AdvertCheck.CheckHmac(f.Payload, f.Packet,
            ExpectFor(f, version, f.Payload[1], vips), settings, replay, now, out _, out _, out _, out _));
        Assert.Equal(DropReason.AuthExtStale, AdvertCheck.CheckHmac(
            f.Payload,
            f.Packet,
            ExpectFor(f, version, f.Payload[1], vips),
            settings,
            new HmacReplayWindow(),
            now + 6_000_000,
            out _,
            out _,
            out _,
            out _));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Vigil_signs_the_same_advert_byte_for_byte(string capture, int index)
    {
        var f = Get(capture, index);
        var settings = HmacVectors.Settings(capture);
        var version = (VrrpVersion)(f.Payload[0] >> 4);
        int size = f.Packet.Family == IpFamily.IPv4 ? 4 : 16;
        var vips = Enumerable.Range(0, f.Payload[3])
            .Select(i => IpAddressValue.Read(f.Payload.AsSpan(8 + i * size, size), f.Packet.Family)).ToArray();
        var spec = new VrrpAdvertSpec(version, f.Packet.Family, VrId.FromWire(f.Payload[1]), new(f.Payload[2]),
            VrrpWire.FromCentiseconds(100), f.Packet.Source,
            f.Packet.Destination);
        var buffer = new byte[f.Payload.Length];
        int length = VrrpCodec.Encode(spec, vips, buffer);
        Assert.Equal(f.Payload.Length - VrrpHmac.TrailerLength, length);
        Assert.True(VrrpHmac.Sign(
            buffer,
            f.Packet.Source,
            settings.ActiveKeyId,
            settings.ActiveKey,
            VrrpHmac.ReadSequence(f.Payload)));
        if (f.Packet.Family == IpFamily.IPv6)
        {
            // What the kernel does on send (IPV6_CHECKSUM): the checksum over the whole payload, after signing.
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(6),
                VrrpChecksum.Compute(buffer, ChecksumMode.PseudoHeaderV6, f.Packet.Source, f.Packet.Destination));
        }

        Assert.Equal(Convert.ToHexStringLower(f.Payload), Convert.ToHexStringLower(buffer));
    }

    [Fact]
    public void Another_key_or_another_key_id_does_not_verify()
    {
        var f = Get("v3-hmac", 0);
        var wrongKey = new HmacSettings([new(1, HmacVectors.AsciiKey)], 1, HmacMode.Enforce, HmacAntiReplay.Time, 5);
        Assert.Equal(HmacVerdict.InvalidHmac, VrrpHmac.Verify(f.Payload, f.Packet.Source, wrongKey, out _));
        var otherId = new HmacSettings([new(2, HmacVectors.HexKey)], 2, HmacMode.Enforce, HmacAntiReplay.Time, 5);
        Assert.Equal(HmacVerdict.UnknownKey, VrrpHmac.Verify(f.Payload, f.Packet.Source, otherId, out _));
        var otherSource = IpAddressValue.Parse("192.0.2.12");
        Assert.Equal(
            HmacVerdict.InvalidHmac,
            VrrpHmac.Verify(f.Payload, otherSource, HmacVectors.Settings("v3-hmac"), out _));
    }
}
