namespace Vigil.Core.Primitives;

/// <summary>
/// An instant on a monotonic clock, in microseconds since an arbitrary origin (keepalived also keeps
/// every time in microseconds). The pure core never reads a clock: the driver or the simulator passes
/// "now" in, so the same code runs against real time and virtual time.
/// </summary>
public readonly record struct MonotonicTime(long Microseconds) : IComparable<MonotonicTime>
{
    public static readonly MonotonicTime Zero = new(0);

    /// <summary>A deadline that never comes; used for disarmed timers.</summary>
    public static readonly MonotonicTime Never = new(long.MaxValue);

    public bool IsNever => Microseconds == long.MaxValue;

    public static MonotonicTime FromMilliseconds(long ms) => new(ms * 1000);

    public MonotonicTime Add(TimeSpan span) =>
        IsNever ? this : new MonotonicTime(Microseconds + span.Ticks / TimeSpan.TicksPerMicrosecond);

    public MonotonicTime AddMicroseconds(long us) => IsNever ? this : new MonotonicTime(Microseconds + us);

    public TimeSpan Since(MonotonicTime earlier) =>
        TimeSpan.FromTicks((Microseconds - earlier.Microseconds) * TimeSpan.TicksPerMicrosecond);

    public int CompareTo(MonotonicTime other) => Microseconds.CompareTo(other.Microseconds);

    public static MonotonicTime operator +(MonotonicTime t, TimeSpan d) => t.Add(d);
    public static TimeSpan operator -(MonotonicTime a, MonotonicTime b) => a.Since(b);
    public static bool operator <(MonotonicTime a, MonotonicTime b) => a.Microseconds < b.Microseconds;
    public static bool operator >(MonotonicTime a, MonotonicTime b) => a.Microseconds > b.Microseconds;
    public static bool operator <=(MonotonicTime a, MonotonicTime b) => a.Microseconds <= b.Microseconds;
    public static bool operator >=(MonotonicTime a, MonotonicTime b) => a.Microseconds >= b.Microseconds;

    public static MonotonicTime Min(MonotonicTime a, MonotonicTime b) => a <= b ? a : b;

    public override string ToString() => IsNever ? "never" : $"{Microseconds / 1_000_000.0:F6}s";
}
