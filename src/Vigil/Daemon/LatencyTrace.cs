namespace Vigil.Daemon;

/// <summary>With -D: the driver's own latencies (timer lateness, receipt to engine), summarised at exit, so the
/// failover benchmark's figures can be attributed.</summary>
public sealed class LatencyTrace(string what)
{
    private readonly List<long> _samples = [];

    public void Add(long microseconds)
    {
        if (_samples.Count < 100_000)
            _samples.Add(microseconds);
    }

    public string Summary()
    {
        if (_samples.Count == 0)
            return $"{what}: no samples";
        var sorted = _samples.Order().ToArray();
        return $"{what}: median {sorted[sorted.Length / 2]} us, p99 {sorted[(int)(sorted.Length * 0.99)]} us, " +
            $"max {sorted[^1]} us ({sorted.Length} samples)";
    }
}
