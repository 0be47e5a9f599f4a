using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>
/// A token bucket for one instance's protocol log lines: a burst of <see cref="Burst"/> lines, then one per
/// <see cref="RefillMicroseconds"/>. Hostile or broken peers can make every received advert worth a line; without
/// a limit a flood becomes megabytes of log and a loop busy formatting them. Refused lines are counted so the
/// owner can say "suppressed N" when lines flow again. Time comes from the caller (the engine's clock input).
/// </summary>
public sealed class LogRateLimiter
{
    public const int Burst = 10;
    public const long RefillMicroseconds = 1_000_000;
    private const long Capacity = Burst * RefillMicroseconds;

    // Credit in microseconds: a line costs RefillMicroseconds; credit grows with elapsed time up to Capacity.
    private long _credit = Capacity;
    private MonotonicTime _last = MonotonicTime.Never;

    /// <summary>Lines refused since the last <see cref="TakePending"/>.</summary>
    public long Pending { get; private set; }

    /// <summary>Every line refused since the instance was created.</summary>
    public long TotalSuppressed { get; private set; }

    /// <summary>True when a line may be written at <paramref name="now"/> (and spends it); false counts it.</summary>
    public bool TryTake(MonotonicTime now)
    {
        Refill(now);
        if (_credit >= RefillMicroseconds)
        {
            _credit -= RefillMicroseconds;
            return true;
        }

        Pending++;
        TotalSuppressed++;
        return false;
    }

    /// <summary>True when lines were refused and one may be written now to report them (spends it).</summary>
    public bool CanReport(MonotonicTime now)
    {
        if (Pending == 0)
        {
            return false;
        }

        Refill(now);
        if (_credit < RefillMicroseconds)
        {
            return false;
        }

        _credit -= RefillMicroseconds;
        return true;
    }

    /// <summary>Returns and clears the count of refused lines.</summary>
    public long TakePending()
    {
        var n = Pending;
        Pending = 0;
        return n;
    }

    private void Refill(MonotonicTime now)
    {
        if (!_last.IsNever && now > _last)
        {
            _credit = Math.Min(Capacity, _credit + (now.Microseconds - _last.Microseconds));
        }

        if (_last.IsNever || now > _last)
        {
            _last = now;
        }
    }
}
