namespace Vigil.Operations.Metrics;

/// <summary>The process's own footprint, in the names Prometheus client libraries use (<c>process_*</c>) and the
/// .NET GC's view of its heap: what an operator needs to see where memory goes at scale (resident set against
/// the managed heap, and how often the GC runs).</summary>
public static class RuntimeMetrics
{
    public static void Append(MetricsPage text)
    {
        var w = new PrometheusTextWriter(text);
        if (ProcessStat.TryRead(out var resident, out var threads))
        {
            w.Family("process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes");
            w.Sample(resident);
        }
        w.Family("process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds");
        w.Sample(Environment.CpuUsage.TotalTime.TotalSeconds);
        if (threads > 0)
        {
            w.Family("process_threads", MetricType.Gauge, "Threads of the daemon's process");
            w.Sample(threads);
        }

        var info = GC.GetGCMemoryInfo();
        w.Family("vigil_gc_heap_size_bytes", MetricType.Gauge, "Managed heap size after the last garbage collection");
        w.Sample(info.HeapSizeBytes);
        w.Family("vigil_gc_committed_bytes", MetricType.Gauge, "Memory the garbage collector has committed");
        w.Sample(info.TotalCommittedBytes);
        w.Family(
            "vigil_gc_fragmented_bytes",
            MetricType.Gauge,
            "Free space inside the managed heap after the last collection");
        w.Sample(info.FragmentedBytes);
        w.Family(
            "vigil_gc_allocated_bytes_total",
            MetricType.Counter,
            "Bytes allocated on the managed heap since start");
        w.Sample(GC.GetTotalAllocatedBytes());
        w.Family("vigil_gc_collections_total", MetricType.Counter, "Garbage collections by generation");
        for (var g = 0; g <= GC.MaxGeneration; g++)
        {
            w.Sample(
                GC.CollectionCount(g),
                ("generation", g.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
