using System.Net;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

public class IpAddressValueTests
{
    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.255")]
    [InlineData("2001:db8::1")]
    [InlineData("fe80::1234:5678")]
    [InlineData("ff02::12")]
    public void Round_trips_through_ipaddress_and_bytes(string text)
    {
        var a = IpAddressValue.Parse(text);
        Assert.Equal(IPAddress.Parse(text), a.ToIPAddress());
        Span<byte> bytes = stackalloc byte[16];
        int n = a.WriteTo(bytes);
        Assert.Equal(a, IpAddressValue.Read(bytes[..n]));
        Assert.True(a.Matches(bytes[..n]));
        Assert.Equal(text, a.ToString());
    }

    [Fact]
    public void Orders_numerically_like_the_vrrp_tie_break()
    {
        Assert.True(IpAddressValue.Parse("192.0.2.10") > IpAddressValue.Parse("192.0.2.9"));
        Assert.True(IpAddressValue.Parse("198.51.100.1") > IpAddressValue.Parse("192.0.2.200"));
        Assert.True(IpAddressValue.Parse("fe80::1:0") > IpAddressValue.Parse("fe80::ffff"));
        Assert.True(IpAddressValue.Parse("2001:db9::") > IpAddressValue.Parse("2001:db8:ffff::"));
    }

    [Fact]
    public void Knows_multicast_link_local_and_family()
    {
        Assert.True(IpAddressValue.VrrpMulticastV4.IsMulticast);
        Assert.True(IpAddressValue.VrrpMulticastV6.IsMulticast);
        Assert.Equal("ff02::12", IpAddressValue.VrrpMulticastV6.ToString());
        Assert.False(IpAddressValue.Parse("192.0.2.1").IsMulticast);
        Assert.True(IpAddressValue.Parse("fe80::9").IsLinkLocal);
        Assert.False(IpAddressValue.Parse("2001:db8::9").IsLinkLocal);
        Assert.Equal(IpFamily.IPv6, IpAddressValue.Parse("2001:db8::9").Family);
        Assert.NotEqual(IpAddressValue.Parse("0.0.0.1"), IpAddressValue.Parse("::1"));
    }
}
