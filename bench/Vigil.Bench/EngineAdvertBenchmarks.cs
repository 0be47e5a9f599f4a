using System.Net;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine;
using Vigil.Simulation;

namespace Vigil.Bench;

/// <summary>
/// The steady state of a BACKUP: one received advert through the engine (VRID lookup, receive checks with the
/// checksum, the state machine restarting its master-down timer). Must allocate nothing and exceed 1,000,000
/// adverts per second per core. <c>dotnet run -c Release --project bench/Vigil.Bench -- --filter '*EngineAdvert*'</c>
/// </summary>
[MemoryDiagnoser]
public class EngineAdvertBenchmarks
{
    private static readonly byte[] Group = [224, 0, 0, 18];
    private readonly byte[] source = IPAddress.Parse("192.0.2.20").GetAddressBytes();
    private VrrpEngine engine = null!;
    private byte[] advert = null!;
    private MonotonicTime now;

    [Params(1, 50)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var instances = Enumerable.Range(1, Instances)
            .Select(i => Configs.Instance($"VI_{i}", i, 100, $"198.51.100.{i}/24"))
            .ToArray();
        engine = new VrrpEngine();
        now = MonotonicTime.FromMilliseconds(1000);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        engine.Load(Configs.Cluster(instances), now);
        engine.ClearEffects();
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(Instances), new(150),
            VrrpWire.FromCentiseconds(100),
            IpAddressValue.Read(source), IpAddressValue.Read(Group));
        var buffer = new byte[64];
        var n = VrrpCodec.Encode(spec, [IpAddressValue.Parse($"198.51.100.{Instances}")], buffer);
        advert = buffer[..n];
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public DropReason ReceiveAdvertInBackup()
    {
        var result = DropReason.None;
        for (var i = 0; i < 1000; i++)
        {
            now = now.AddMicroseconds(1);
            result = engine.OnAdvertReceived("eth0", IpFamily.IPv4, source, Group, 255, advert, now);
        }

        return result;
    }
}
