using BenchmarkDotNet.Attributes;
using Vigil.Core.Protocol;

namespace Vigil.Bench;

/// <summary>auth_type AH's cost per advert: the ICV (HMAC-MD5-96 over the zeroed datagram) checked on and written
/// into the first advert of tests/data/vectors/v2-ah-2vip (keepalived 2.2.7, key "secret1", 2 VIPs).</summary>
[MemoryDiagnoser]
public class AhBenchmarks
{
    // The IPv4 datagram (header, AH, VRRP) of v2-ah-2vip's first advert, from 192.0.2.11 to 224.0.0.18.
    private static readonly byte[] Captured = Convert.FromHexString(
        "45c0004400010000ff3318a8c000020be000001270040000c000020b00000001fa6cde6882018c50e2bd87462136c802" +
        "0201c04ec6336407c63364080000000000000000");

    private static readonly VrrpPassword Key = VrrpPassword.FromString("secret1");

    private readonly byte[] _buffer = (byte[])Captured.Clone();

    [Benchmark]
    public bool Verify() => VrrpAh.Verify(Captured, Key, unicast: false);

    [Benchmark]
    public bool Sign() => VrrpAh.Sign(_buffer, Key, unicast: false);
}
