using System.Diagnostics;
using System.Globalization;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

/// <summary>The process's own figures, read from /proc/self/stat, agree with what .NET's Process reports.</summary>
public sealed class RuntimeMetricsTests
{
    private static double Sample(string page, string name) => double.Parse(
        page.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..],
        CultureInfo.InvariantCulture);

    [Fact]
    public void Resident_set_threads_and_cpu_time_are_this_process()
    {
        using var page = new MetricsPage();
        RuntimeMetrics.Append(page);
        var text = page.ToString();
        using var self = Process.GetCurrentProcess();
        self.Refresh();

        var rss = Sample(text, "process_resident_memory_bytes");
        Assert.InRange(rss, self.WorkingSet64 * 0.7, self.WorkingSet64 * 1.3);
        // Threads come and go in a test host: the same order of magnitude as the runtime's own count.
        Assert.InRange(Sample(text, "process_threads"), self.Threads.Count / 2.0, self.Threads.Count * 2.0);
        Assert.InRange(Sample(text, "process_cpu_seconds_total"), 0.01, self.TotalProcessorTime.TotalSeconds + 1);
    }
}
