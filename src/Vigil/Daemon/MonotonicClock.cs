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

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/> units) of <paramref name="time"/>;
    /// <see cref="long.MaxValue"/> for never.</summary>
    public static long ToTimestamp(MonotonicTime time) =>
        time.IsNever ? long.MaxValue : (long)((Int128)time.Microseconds * Frequency / 1_000_000);

    /// <summary>Maps a kernel receive timestamp (CLOCK_REALTIME, ns) onto this clock: now minus how long ago the
    /// packet arrived. Falls back to now when there is no stamp or it looks wrong (clock step, over a
    /// second).</summary>
    public static MonotonicTime ArrivalOf(long realtimeNs)
    {
        var now = Now();
        if (realtimeNs <= 0)
            return now;
        long agoUs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10 - realtimeNs / 1000;
        return agoUs is >= 0 and < 1_000_000 ? now.AddMicroseconds(-agoUs) : now;
    }
}
