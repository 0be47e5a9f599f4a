using BenchmarkDotNet.Attributes;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;

namespace Vigil.Bench;

/// <summary>The receive path of one advert: IPv4 header, decode, every receive check (checksum included),
/// counting. Frames are the keepalived 2.2.7 captures of tests/data/vectors.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    // v2-auth-2vip (PASS, 2 VIPs) and v3-adv1-3vip (3 VIPs), IP datagrams without the Ethernet header.
    private static readonly byte[] V2Datagram = Convert.FromHexString(
        "45c0002c00010000ff701883c000020be00000122134c8020102540dc6336402c63364037365637265743100");

    private static readonly byte[] V3Datagram = Convert.FromHexString(
        "45c0002800010000ff701887c000020be00000123135fe030064af14c6336404c6336405c6336406");

    private static readonly byte[] V3Message = V3Datagram[20..];

    private readonly DropCounters _counters = new();
    private readonly byte[] _encodeBuffer = new byte[64];

    private readonly AdvertExpectations _v2 = new()
    {
        Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(52),
        Interval = VrrpWire.FromCentiseconds(200),
        AuthType = VrrpAuthType.Pass, Password = VrrpPassword.FromString("secret1"),
        VirtualAddresses = [IpAddressValue.Parse("198.51.100.2"), IpAddressValue.Parse("198.51.100.3")],
    };

    private readonly AdvertExpectations _v3 = new()
    {
        Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(53),
        Interval = VrrpWire.FromCentiseconds(100),
        VirtualAddresses =
            [
                IpAddressValue.Parse("198.51.100.4"),
                IpAddressValue.Parse("198.51.100.5"),
                IpAddressValue.Parse("198.51.100.6")],
    };

    private readonly IpAddressValue[] _v3Addresses =
        [
            IpAddressValue.Parse("198.51.100.4"),
            IpAddressValue.Parse("198.51.100.5"),
            IpAddressValue.Parse("198.51.100.6")];

    [Benchmark]
    public int ReceiveV2() => Receive(V2Datagram, _v2);

    [Benchmark]
    public int ReceiveV3() => Receive(V3Datagram, _v3);

    /// <summary>Structure only, without the instance checks.</summary>
    [Benchmark]
    public int DecodeV3Only() =>
        VrrpCodec.TryDecode(V3Message, IpFamily.IPv4, out var advert, out _) ? advert.Priority.Value : -1;

    [Benchmark]
    public int EncodeV3() => VrrpCodec.Encode(
        new VrrpAdvertSpec(VrrpVersion.V3, IpFamily.IPv4, new(53), new(254), VrrpWire.FromCentiseconds(100),
            IpAddressValue.FromV4(0xC000020B), IpAddressValue.VrrpMulticastV4),
        _v3Addresses, _encodeBuffer);

    private int Receive(byte[] datagram, AdvertExpectations expect)
    {
        if (!Ipv4Header.TryParse(datagram, out var ip, out var payload, out var reason))
        {
            _counters.Count(reason);
            return -1;
        }

        reason = AdvertCheck.Check(payload, ReceivedPacket.From(ip), expect, out var advert, out var notes);
        _counters.Count(reason);
        _counters.Count(notes);
        return reason == DropReason.None ? advert.Priority.Value : -1;
    }
}
