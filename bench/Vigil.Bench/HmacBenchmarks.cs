using BenchmarkDotNet.Attributes;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;

namespace Vigil.Bench;

/// <summary>auth_hmac's cost per advert beside the unauthenticated path: the receive checks of the first advert of
/// tests/data/vectors/v3-hmac (keepalived 2.4.3, v3 IPv4, 1 VIP) with and without its trailer, and the send side
/// (encode, then encode and sign).</summary>
[MemoryDiagnoser]
public class HmacBenchmarks
{
    // The VRRP payload of v3-hmac's first advert (trailer included), from 192.0.2.11 to 224.0.0.18.
    private static readonly byte[] Signed = Convert.FromHexString(
        "3133c80100643991c6336407010100006b14a50f654d00007ebffed861f7c3219deaa20433e9588d");

    private static readonly byte[] Plain = Signed[..12];

    private static readonly IpAddressValue Source = IpAddressValue.Parse("192.0.2.11");

    private static readonly ReceivedPacket Packet = new(Source, IpAddressValue.VrrpMulticastV4, 255);

    private static readonly byte[] Key = Convert.FromHexString(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private readonly HmacSettings _settings = new([new(1, Key)], 1, HmacMode.Enforce, HmacAntiReplay.Time, 5);
    private readonly HmacReplayWindow _replay = new();
    private readonly IpAddressValue[] _vips = [IpAddressValue.Parse("198.51.100.7")];
    private readonly byte[] _buffer = new byte[64];
    private readonly long _now = (long)new HmacSequence(0x6b14a50f654d0000).Seconds * 1_000_000;
    private ulong _sequence = 0x6b14a50f654d0000;

    private readonly AdvertExpectations _expect = new()
    {
        Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(51),
        Interval = VrrpWire.FromCentiseconds(100),
        VirtualAddresses = [IpAddressValue.Parse("198.51.100.7")],
    };

    private VrrpAdvertSpec Spec => new(VrrpVersion.V3, IpFamily.IPv4, new(51), new(200),
        VrrpWire.FromCentiseconds(100), Source, IpAddressValue.VrrpMulticastV4);

    [Benchmark(Baseline = true)]
    public DropReason ReceivePlain() => AdvertCheck.Check(Plain, Packet, _expect, out _, out _);

    /// <summary>Every check plus the trailer: known key, HMAC-SHA256 over pseudo-header and payload, constant-time
    /// compare, freshness and replay window (the mark is not advanced, so every iteration is a fresh advert).</summary>
    [Benchmark]
    public DropReason ReceiveSigned() =>
        AdvertCheck.CheckHmac(Signed, Packet, _expect, _settings, _replay, _now, out _, out _, out _, out _);

    [Benchmark]
    public int EncodePlain() => VrrpCodec.Encode(Spec, _vips, _buffer);

    [Benchmark]
    public bool EncodeAndSign()
    {
        int length = VrrpCodec.Encode(Spec, _vips, _buffer);
        return VrrpHmac.Sign(
            _buffer.AsSpan(0, length + VrrpHmac.TrailerLength),
            Source,
            _settings,
            new HmacSequence(++_sequence));
    }
}
