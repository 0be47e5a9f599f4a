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
    private readonly byte[] _source = IPAddress.Parse("192.0.2.20").GetAddressBytes();
    private VrrpEngine _engine = null!;
    private byte[] _advert = null!;
    private MonotonicTime _now;

    [Params(1, 50)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var instances = Enumerable.Range(1, Instances)
            .Select(i => Configs.Instance($"VI_{i}", i, 100, $"198.51.100.{i}/24"))
            .ToArray();
        _engine = new VrrpEngine();
        _now = MonotonicTime.FromMilliseconds(1000);
        _engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), _now);
        _engine.Load(Configs.Cluster(instances), _now);
        _engine.ClearEffects();
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(Instances), new(150),
            VrrpWire.FromCentiseconds(100),
            IpAddressValue.Read(_source), IpAddressValue.Read(Group));
        var buffer = new byte[64];
        var n = VrrpCodec.Encode(spec, [IpAddressValue.Parse($"198.51.100.{Instances}")], buffer);
        _advert = buffer[..n];
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public DropReason ReceiveAdvertInBackup()
    {
        var result = DropReason.None;
        for (var i = 0; i < 1000; i++)
        {
            _now = _now.AddMicroseconds(1);
            result = _engine.OnAdvertReceived("eth0", IpFamily.IPv4, _source, Group, 255, _advert, _now);
        }

        return result;
    }
}
