using BenchmarkDotNet.Attributes;
using Vigil.Config;

namespace Vigil.Bench;

/// <summary>Parse and validate a generated 20,000-line configuration (1,000 instances, 1,000 scripts, includes and
/// parameters) through an in-memory source. Target: under 150 ms and under 50 MB allocated.</summary>
[MemoryDiagnoser]
public class ConfigBenchmarks
{
    private InMemoryConfigSource _source = null!;
    private readonly ConfigOptions _options = new() { HostName = "bench" };

    [GlobalSetup]
    public void Setup()
    {
        _source = ConfigCorpusGenerator.Build(1000, out var lines);
        var r = ConfigLoader.Load(ConfigCorpusGenerator.MainPath, _source, _options);
        // Guard against measuring a broken input: the generated file must load completely and cleanly.
        if (r.Model is null || r.Model.Instances.Count != 1000 || r.Model.Scripts.Count != 1000 || r.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"generated config did not load: exit {r.ExitCode}, {r.Diagnostics.Count} diagnostics");
        }

        Console.WriteLine($"// generated configuration: {lines} lines, 21 files, 1000 instances, 1000 scripts");
    }

    [Benchmark]
    public int ParseAndValidate20kLines() =>
        ConfigLoader.Load(ConfigCorpusGenerator.MainPath, _source, _options).Model!.Instances.Count;
}
