using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

public class Ipv4HeaderTests
{
    // From v2-adv1: 45 c0 0028 0001 0000 ff 70 1887 c000020b e0000012, then 20 bytes of VRRP.
    private static byte[] Datagram() => Convert.FromHexString(
        "45c0002800010000ff701887c000020be00000122133960100011e95c63364010000000000000000");

    [Fact]
    public void Parses_the_fields_a_raw_socket_delivers()
    {
        Assert.True(Ipv4Header.TryParse(Datagram(), out var h, out var payload, out var reason));
        Assert.Equal(DropReason.None, reason);
        Assert.Equal((20, 40, (byte)255, (byte)112), (h.HeaderLength, h.TotalLength, h.Ttl, h.Protocol));
        Assert.Equal("192.0.2.11", h.Source.ToString());
        Assert.Equal("224.0.0.18", h.Destination.ToString());
        Assert.Equal(20, payload.Length);
        Assert.Equal(0x21, payload[0]);
    }

    [Fact]
    public void Options_are_skipped_by_the_header_length()
    {
        var withOptions = new byte[44];
        var d = Datagram();
        d.AsSpan(0, 20).CopyTo(withOptions);
        withOptions[0] = 0x46;
        withOptions[3] = 44;
        d.AsSpan(20).CopyTo(withOptions.AsSpan(24));
        Assert.True(Ipv4Header.TryParse(withOptions, out var h, out var payload, out _));
        Assert.Equal(24, h.HeaderLength);
        Assert.Equal(0x21, payload[0]);
        Assert.Equal(20, payload.Length);
    }

    [Fact]
    public void Trailing_padding_is_cut_off_by_the_total_length()
    {
        var padded = new byte[46];
        Datagram().CopyTo(padded, 0);
        Assert.True(Ipv4Header.TryParse(padded, out _, out var payload, out _));
        Assert.Equal(20, payload.Length);
    }

    [Theory]
    [InlineData(0, 0x55, DropReason.IpHeader)] // version 5
    [InlineData(0, 0x44, DropReason.IpHeader)] // header length 16
    [InlineData(9, 17, DropReason.IpHeader)] // UDP, not VRRP
    [InlineData(3, 0x29, DropReason.PacketLength)] // total length 41 > 40 received
    [InlineData(3, 0x10, DropReason.PacketLength)] // total length 16 < header
    public void Bad_headers_are_dropped_with_a_reason(int offset, byte value, DropReason expected)
    {
        var d = Datagram();
        d[offset] = value;
        Assert.False(Ipv4Header.TryParse(d, out _, out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Short_input_is_a_length_drop()
    {
        Assert.False(Ipv4Header.TryParse(Datagram().AsSpan(0, 19), out _, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void Writes_the_header_keepalived_sends()
    {
        var buffer = new byte[20];
        Ipv4Header.Write(buffer, IpAddressValue.Parse("192.0.2.11"), IpAddressValue.VrrpMulticastV4, 20, 1);
        Assert.Equal("45C0002800010000FF701887C000020BE0000012", Convert.ToHexString(buffer));
    }
}
