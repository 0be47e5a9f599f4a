using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vigil.Simulation;

namespace Vigil.Bench;

/// <summary>
/// The simulator running a 3-host, 50-instance cluster (advert_int 1 s, a tracked script per host): each
/// operation simulates <see cref="SimulatedSeconds"/> seconds; the "x real time" column is the speed-up
/// (the goal is at least 10,000). <c>dotnet run -c Release --project bench/Vigil.Bench -- --filter '*Simulator*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SimulatorBenchmarks.SpeedupConfig))]
public class SimulatorBenchmarks
{
    public const double SimulatedSeconds = 600;

    private Simulation.Simulation _sim = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sim = BenchCluster.Build(hosts: 3, instances: 50);
        _sim.RunFor(TimeSpan.FromSeconds(10)); // past the start-up election
    }

    [Benchmark]
    public long RunThreeHostsFiftyInstances()
    {
        _sim.RunFor(TimeSpan.FromSeconds(SimulatedSeconds));
        return _sim.Steps;
    }

    private sealed class SpeedupConfig : ManualConfig
    {
        public SpeedupConfig() => AddColumn(new SimulatorSpeedupColumn());
    }
}
