using BenchmarkDotNet.Attributes;
using Vigil.Core.Tracking;

namespace Vigil.Bench;

/// <summary>
/// A script result that changes nothing: a node with 200 instances and 200 scripts at interval 1 feeds 200 such
/// results a second, and each one visits every instance that tracks the script. The allocated column must be the
/// same for 1 and 200 instances (nothing allocated per instance). This was a unit test once; an exact byte count
/// read from the thread's allocation counter picked up the runtime's own one-time costs now and then, so the figure
/// lives here, where BenchmarkDotNet's memory diagnoser measures it after warm-up.
/// <c>--filter '*TrackingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class TrackingBenchmarks
{
    private TrackingTable _table = null!;

    [Params(1, 200)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = new TrackingTable();
        _table.DeclareScript("chk");
        for (var i = 0; i < Instances; i++)
        {
            _table.AddInstance($"VI_{i}", 100).TrackScript("chk", -20);
        }

        // Past INIT: the first results move the instances; afterwards each result is the same as the last.
        for (var i = 0; i < 5; i++)
        {
            _table.ReportScriptResult("chk", success: true);
        }

        if (_table.ReportScriptResult("chk", success: true).Instances.Count != 0)
            throw new InvalidOperationException("a repeated result changed an instance; nothing steady to measure");
    }

    [Benchmark]
    public int RepeatedScriptResult() => _table.ReportScriptResult("chk", success: true).Instances.Count;
}
