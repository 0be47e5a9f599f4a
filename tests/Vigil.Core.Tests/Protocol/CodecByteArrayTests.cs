using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>docs/vrrp.md "Wire" as byte arrays; expected checksums were computed independently (by hand over
/// the listed words) rather than by the code under test.</summary>
public class CodecByteArrayTests
{
    private static readonly IpAddressValue LinkLocal = IpAddressValue.Parse("fe80::1");

    // ver=3 type=1 | VRID 7 | prio 100 | count 2 | 0x0064 (100 cs) | checksum 0x10ee | 2001:db8::1 | 2001:db8::2
    // The checksum covers the IPv6 pseudo-header fe80::1 -> ff02::12, length 40, next header 112.
    private static readonly byte[] V3Ipv6 = Convert.FromHexString(
        "31076402006410ee20010db800000000000000000000000120010db8000000000000000000000002");

    [Fact]
    public void V3_ipv6_encodes_to_the_spec_bytes()
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv6, new(7), new(100), VrrpWire.FromCentiseconds(100),
            LinkLocal, IpAddressValue.VrrpMulticastV6);
        var buffer = new byte[64];
        int n = VrrpCodec.Encode(spec, [IpAddressValue.Parse("2001:db8::1"), IpAddressValue.Parse("2001:db8::2")],
            buffer);
        Assert.Equal(40, n);
        Assert.Equal(Convert.ToHexString(V3Ipv6), Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void V3_ipv6_decodes_and_its_checksum_needs_the_right_pseudo_header()
    {
        Assert.True(VrrpCodec.TryDecode(V3Ipv6, IpFamily.IPv6, out var advert, out _));
        Assert.Equal((VrrpVersion.V3, new VrId(7), new Priority(100), 2, 100), (advert.Version, advert.VirtualRouterId,
            advert.Priority, advert.AddressCount, VrrpWire.ToCentiseconds(advert.Interval)));
        Assert.Equal(IpAddressValue.Parse("2001:db8::2"), advert.GetAddress(1));
        Assert.True(
            VrrpChecksum.Verify(V3Ipv6, ChecksumMode.PseudoHeaderV6, LinkLocal, IpAddressValue.VrrpMulticastV6));
        Assert.False(VrrpChecksum.Verify(V3Ipv6, ChecksumMode.PseudoHeaderV6, IpAddressValue.Parse("fe80::2"),
            IpAddressValue.VrrpMulticastV6));
        Assert.False(VrrpChecksum.Verify(V3Ipv6, ChecksumMode.Plain, default, default));
    }

    [Fact]
    public void V2_without_authentication_still_carries_eight_zero_auth_bytes()
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(1), new(100), VrrpWire.FromCentiseconds(300),
            IpAddressValue.Parse("192.0.2.1"), IpAddressValue.VrrpMulticastV4,
            VrrpAuthType.None, VrrpPassword.FromString("ignored"));
        var buffer = new byte[32];
        int n = VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.9")], buffer);
        // 21 01 64 01 | 00 03 | checksum | c6 33 64 09 | 8 x 00
        Assert.Equal("21016401000350BDC633640900000000" + "00000000", Convert.ToHexString(buffer, 0, n));
    }

    [Fact]
    public void V2_pass_password_is_truncated_to_eight_bytes()
    {
        Assert.Equal("longpass", VrrpPassword.FromString("longpassword").ToString());
        Assert.Equal("ab", VrrpPassword.FromString("ab").ToString());
        Assert.True(VrrpPassword.FromString("secret1").Matches("secret1\0"u8));
        Assert.False(VrrpPassword.FromString("secret1").Matches("secret2\0"u8));
    }

    [Theory]
    [InlineData(1, "0001")]
    [InlineData(100, "0064")]
    [InlineData(4095, "0FFF")]
    public void V3_interval_is_twelve_bits_of_centiseconds(int centiseconds, string field)
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv4, new(1), new(100),
            VrrpWire.FromCentiseconds(centiseconds),
            IpAddressValue.Parse("192.0.2.1"), IpAddressValue.VrrpMulticastV4);
        var buffer = new byte[16];
        Assert.Equal(12, VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.1")], buffer));
        Assert.Equal(field, Convert.ToHexString(buffer, 4, 2));
    }

    [Fact]
    public void V3_reserved_bits_are_ignored_on_receive()
    {
        var message = Convert.FromHexString("3135fe03f064af14c6336404c6336405c6336406");
        Assert.True(VrrpCodec.TryDecode(message, IpFamily.IPv4, out var advert, out _));
        Assert.Equal(100, VrrpWire.ToCentiseconds(advert.Interval));
    }

    [Theory]
    [InlineData(VrrpVersion.V3, 0)]
    [InlineData(VrrpVersion.V3, 4096)]
    [InlineData(VrrpVersion.V2, 0)]
    [InlineData(VrrpVersion.V2, 150)]
    [InlineData(VrrpVersion.V2, 25600)]
    public void Intervals_that_do_not_fit_the_field_are_not_encoded(VrrpVersion version, int centiseconds)
    {
        var spec = new VrrpAdvertSpec(version, IpFamily.IPv4, new(1), new(100),
            VrrpWire.FromCentiseconds(centiseconds),
            IpAddressValue.Parse("192.0.2.1"), IpAddressValue.VrrpMulticastV4);
        Assert.Equal(0, VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.1")], new byte[64]));
    }

    [Theory]
    [InlineData(VrrpVersion.V3, 10_005)] // 1.0005 s: no whole number of centiseconds
    [InlineData(VrrpVersion.V2, 1_005_000)] // 1.005 s: no whole number of seconds
    [InlineData(VrrpVersion.V3, -10_000)]
    public void Spans_the_field_cannot_carry_exactly_are_not_encoded(VrrpVersion version, long microseconds)
    {
        var spec = new VrrpAdvertSpec(version, IpFamily.IPv4, new(1), new(100), TimeSpan.FromMicroseconds(microseconds),
            IpAddressValue.Parse("192.0.2.1"), IpAddressValue.VrrpMulticastV4);
        Assert.Equal(0, VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.1")], new byte[64]));
    }

    [Fact]
    public void V2_seconds_field_decodes_as_whole_seconds()
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(1), new(100), TimeSpan.FromSeconds(255),
            IpAddressValue.Parse("192.0.2.1"), IpAddressValue.VrrpMulticastV4);
        var buffer = new byte[64];
        int n = VrrpCodec.Encode(spec, [IpAddressValue.Parse("198.51.100.1")], buffer);
        Assert.Equal(255, buffer[5]);
        Assert.True(VrrpCodec.TryDecode(buffer.AsSpan(0, n), IpFamily.IPv4, out var advert, out _));
        Assert.Equal(TimeSpan.FromSeconds(255), advert.Interval);
    }

    [Fact]
    public void Encode_refuses_v2_over_ipv6_mixed_families_too_many_addresses_and_short_buffers()
    {
        var v4 = IpAddressValue.Parse("198.51.100.1");
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv4, new(1), new(100), VrrpWire.FromCentiseconds(100),
            v4, IpAddressValue.VrrpMulticastV4);
        Assert.Equal(
            0,
            VrrpCodec.Encode(spec with { Version = VrrpVersion.V2, Family = IpFamily.IPv6 }, [], new byte[64]));
        Assert.Equal(0, VrrpCodec.Encode(spec, [IpAddressValue.Parse("2001:db8::1")], new byte[64]));
        Assert.Equal(0, VrrpCodec.Encode(spec, Enumerable.Repeat(v4, 256).ToArray(), new byte[2048]));
        Assert.Equal(0, VrrpCodec.Encode(spec, [v4], new byte[11]));
        Assert.Equal(8 + 255 * 4, VrrpCodec.Encode(spec, Enumerable.Repeat(v4, 255).ToArray(), new byte[2048]));
    }

    [Theory]
    [InlineData("", DropReason.PacketLength)]
    [InlineData("3133960100", DropReason.PacketLength)]
    [InlineData("4133960100000000c6336401", DropReason.Version)]
    [InlineData("1133960100000000c6336401", DropReason.Version)]
    [InlineData("31339602000a6bf1c6336401", DropReason.PacketLength)] // count 2, one address
    [InlineData("31339601000a6bf1c633640100", DropReason.None)] // one byte of Ethernet padding
    [InlineData("2133960100011e95c6336401000000000000000000", DropReason.None)] // padding after v2
    [InlineData("2133960100011e95c6336401000000000000", DropReason.PacketLength)] // v2 auth bytes cut
    public void Structural_decode_results(string hex, DropReason expected)
    {
        bool ok = VrrpCodec.TryDecode(Convert.FromHexString(hex), IpFamily.IPv4, out var advert, out var reason);
        Assert.Equal(expected, reason);
        Assert.Equal(expected == DropReason.None, ok);
        if (ok)
        {
            Assert.Equal(VrrpCodec.MessageLength(advert.Version, IpFamily.IPv4, advert.AddressCount),
                advert.Message.Length);
        }
    }

    [Fact]
    public void Padding_is_not_tolerated_beyond_a_minimum_frame_or_on_ipv6()
    {
        var longPadded = new byte[12 + 40];
        Convert.FromHexString("31339601000a6bf1c6336401").CopyTo(longPadded, 0);
        Assert.False(VrrpCodec.TryDecode(longPadded, IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);

        var v6Padded = new byte[V3Ipv6.Length + 1];
        V3Ipv6.CopyTo(v6Padded, 0);
        Assert.False(VrrpCodec.TryDecode(v6Padded, IpFamily.IPv6, out _, out reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void V2_is_ipv4_only()
    {
        Assert.False(VrrpCodec.TryDecode(Convert.FromHexString("2133960100011e95c63364010000000000000000"),
            IpFamily.IPv6, out _, out var reason));
        Assert.Equal(DropReason.Version, reason);
    }

    [Fact]
    public void Patching_the_priority_keeps_the_checksum_valid()
    {
        var spec = new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv6, new(9), new(200), VrrpWire.FromCentiseconds(100),
            LinkLocal, IpAddressValue.VrrpMulticastV6);
        var buffer = new byte[24];
        int n = VrrpCodec.Encode(spec, [IpAddressValue.Parse("2001:db8::9")], buffer);
        for (int p = 0; p <= 255; p++)
        {
            VrrpCodec.PatchPriority(buffer.AsSpan(0, n), new Priority((byte)p));
            var fresh = new byte[24];
            VrrpCodec.Encode(spec with { Priority = new((byte)p) }, [IpAddressValue.Parse("2001:db8::9")], fresh);
            Assert.Equal(Convert.ToHexString(fresh, 0, n), Convert.ToHexString(buffer, 0, n));
        }
    }
}
