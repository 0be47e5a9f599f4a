using System.Net;
using Vigil.Linux.Sockets;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>Received adverts reuse the address objects of the peers and groups a socket keeps hearing, and never
/// hand back a wrong one.</summary>
public sealed class AddressCacheTests
{
    [Fact]
    public void The_same_bytes_give_the_same_object_and_different_ones_a_different_address()
    {
        var cache = new AddressCache();
        var a = cache.Get(IPAddress.Parse("192.0.2.1").GetAddressBytes());
        Assert.Same(a, cache.Get(IPAddress.Parse("192.0.2.1").GetAddressBytes()));
        Assert.Equal(IPAddress.Parse("192.0.2.2"), cache.Get(IPAddress.Parse("192.0.2.2").GetAddressBytes()));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), a);
    }

    [Fact]
    public void A_link_local_address_on_another_interface_is_another_address()
    {
        var cache = new AddressCache();
        var bytes = IPAddress.Parse("fe80::1").GetAddressBytes();
        var on2 = cache.Get(bytes, 2);
        var on3 = cache.Get(bytes, 3);
        Assert.Equal(2, on2.ScopeId);
        Assert.Equal(3, on3.ScopeId);
        Assert.Same(on2, cache.Get(bytes, 2));
    }

    [Fact]
    public void More_sources_than_it_holds_still_come_back_right()
    {
        var cache = new AddressCache();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 1; i <= 20; i++)
            {
                var expected = IPAddress.Parse($"2001:db8::{i:x}");
                Assert.Equal(expected, cache.Get(expected.GetAddressBytes()));
            }
        }
    }
}
