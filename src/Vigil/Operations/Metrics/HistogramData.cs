namespace Vigil.Operations.Metrics;

/// <summary>A histogram as it is exposed: upper bounds (ascending, without +Inf), the count of observations in
/// each bucket (not cumulative; the last entry counts what exceeded every bound), their sum and total count.</summary>
public sealed record HistogramData(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum)
{
    public long Count
    {
        get
        {
            long total = 0;
            foreach (var c in BucketCounts)
                total += c;
            return total;
        }
    }
}
