using Vigil.Core.Primitives;

namespace Vigil.Daemon;

/// <summary>The driver's only clock: TimeProvider.System's monotonic timestamp, in microseconds.</summary>
public static class MonotonicClock
{
    private static readonly long Frequency = TimeProvider.System.TimestampFrequency;

    public static MonotonicTime Now()
    {
        long ts = TimeProvider.System.GetTimestamp();
        return new MonotonicTime((long)((Int128)ts * 1_000_000 / Frequency));
    }
}
