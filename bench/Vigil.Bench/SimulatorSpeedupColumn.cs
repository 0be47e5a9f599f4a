using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vigil.Bench;

/// <summary>"x real time": simulated seconds per benchmark operation divided by the measured mean.</summary>
public sealed class SimulatorSpeedupColumn : IColumn
{
    public string Id => nameof(SimulatorSpeedupColumn);
    public string ColumnName => "x real time";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Simulated time divided by wall-clock time (higher is faster)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || stats.Mean <= 0)
        {
            return "-";
        }

        var seconds = stats.Mean / 1e9;
        return (SimulatorBenchmarks.SimulatedSeconds / seconds).ToString(
            "N0",
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
