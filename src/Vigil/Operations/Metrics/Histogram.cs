namespace Vigil.Operations.Metrics;

/// <summary>A fixed-bucket histogram that observations are added to from any thread; <see cref="Snapshot"/>
/// gives a consistent copy for one scrape.</summary>
public sealed class Histogram
{
    /// <summary>Buckets for script durations: scripts run from a millisecond to their timeout (seconds).</summary>
    public static readonly double[] ScriptDurationBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private double _sum;
    private readonly Lock _gate = new();

    public Histogram(IReadOnlyList<double> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        for (var i = 0; i < upperBounds.Count; i++)
        {
            if (!double.IsFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1]))
            {
                throw new ArgumentException(
                    "histogram bounds must be finite and strictly ascending",
                    nameof(upperBounds));
            }
        }
        _bounds = [.. upperBounds];
        _counts = new long[_bounds.Length + 1];
    }

    public void Observe(double value)
    {
        if (double.IsNaN(value))
            return;
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket])
            bucket++;
        lock (_gate)
        {
            _counts[bucket]++;
            _sum += value;
        }
    }

    public HistogramData Snapshot()
    {
        lock (_gate)
            return new HistogramData(_bounds, [.. _counts], _sum);
    }
}
