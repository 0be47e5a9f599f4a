using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>The steady-state receive path (IPv4 header, decode, every check, counting) allocates nothing.</summary>
public class ZeroAllocationTests
{
    [Fact]
    public void Parsing_decoding_and_checking_allocate_nothing()
    {
        var v2 = CapturedVectors.V2Auth.Frame.AsSpan(14).ToArray();
        var v3 = CapturedVectors.V3ThreeVip.Frame.AsSpan(14).ToArray();
        var expectV2 = new AdvertExpectations
        {
            Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = 52, IntervalCentiseconds = 200,
            AuthType = VrrpAuthType.Pass, Password = VrrpPassword.FromString("secret1"),
            VirtualAddresses = [IpAddressValue.Parse("198.51.100.2"), IpAddressValue.Parse("198.51.100.3")],
        };
        var expectV3 = new AdvertExpectations
        {
            Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = 53, IntervalCentiseconds = 100,
            VirtualAddresses = [IpAddressValue.Parse("198.51.100.4")], // a mismatch: the note path too
        };
        var counters = new DropCounters();

        int accepted = 0;
        for (int round = 0; round < 2; round++)
        {
            // Round 0 warms up (JIT, statics); round 1 is measured.
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                accepted += Receive(v2, expectV2, counters) + Receive(v3, expectV3, counters);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round == 1)
            {
                Assert.Equal(0, allocated);
            }
        }

        Assert.Equal(4000, accepted);
        Assert.Equal(2000, counters[DropReason.AddressList]);
    }

    private static int Receive(byte[] datagram, AdvertExpectations expect, DropCounters counters)
    {
        Ipv4Header.TryParse(datagram, out var ip, out var payload, out _);
        var reason = AdvertCheck.Check(payload, ReceivedPacket.From(ip), expect, out var advert, out var notes);
        counters.Count(reason);
        counters.Count(notes);
        return reason == DropReason.None && advert.GetAddress(0).Family == IpFamily.IPv4 ? 1 : 0;
    }
}
