using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>
/// The state of one <c>vrrp_track_process</c>: how many running processes match it, and whether that number is
/// within quorum (<c>quorum</c> &lt;= count &lt;= <c>quorum_max</c>). A change caused by a fork takes effect after
/// <c>fork_delay</c>, one caused by an exit after <c>terminate_delay</c>, any other at once; a change that is undone
/// before its delay ends is never reported. One counter per tracker, shared by every instance that tracks it.
/// </summary>
public sealed class ProcessCounter
{
    private ProcessCounter(int quorum, int quorumMax, long forkDelayUs, long terminateDelayUs, int count)
    {
        Quorum = quorum;
        QuorumMax = quorumMax;
        ForkDelayUs = forkDelayUs;
        TerminateDelayUs = terminateDelayUs;
        Count = count;
        Up = InQuorum(count);
    }

    public int Quorum { get; }

    /// <summary><c>quorum_max</c>; <see cref="int.MaxValue"/> when unlimited.</summary>
    public int QuorumMax { get; }

    public long ForkDelayUs { get; }

    public long TerminateDelayUs { get; }

    /// <summary>Matching processes now (as last reported, never negative).</summary>
    public int Count { get; private set; }

    /// <summary>The reported state: quorum held. Lags <see cref="Count"/> while a delay runs.</summary>
    public bool Up { get; private set; }

    /// <summary>When a delayed change is due; <see cref="MonotonicTime.Never"/> when none waits.</summary>
    public MonotonicTime PendingUntil { get; private set; } = MonotonicTime.Never;

    /// <summary>True when the count is within quorum: what <see cref="Up"/> becomes once delays are over.</summary>
    public bool InQuorum(int count) => count >= Quorum && count <= QuorumMax;

    /// <summary>A counter whose state is decided at once from <paramref name="count"/> (the start-up scan).
    /// <paramref name="quorumMax"/> null means unlimited.</summary>
    public static ProcessCounter Create(
        int quorum,
        int? quorumMax,
        TimeSpan forkDelay,
        TimeSpan terminateDelay,
        int count = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quorum);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (quorumMax is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quorumMax));
        }

        return new ProcessCounter(quorum, quorumMax ?? int.MaxValue, Micros(forkDelay), Micros(terminateDelay), count);
    }

    /// <summary>One process started (<paramref name="delta"/> +1) or stopped (-1) matching. Returns true when
    /// <see cref="Up"/> changed now.</summary>
    public bool Change(int delta, ProcessCause cause, MonotonicTime now)
    {
        Count = Math.Max(0, Count + delta);
        return Settle(cause switch
        {
            ProcessCause.Fork => ForkDelayUs,
            ProcessCause.Exit => TerminateDelayUs,
            _ => 0,
        }, now);
    }

    /// <summary>A fresh count from a scan: applied at once, cancelling any delay. Returns true when
    /// <see cref="Up"/> changed.</summary>
    public bool Resync(int count, MonotonicTime now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        return Settle(0, now);
    }

    /// <summary>The delay is over: the state follows the count, if it still differs. Returns true when
    /// <see cref="Up"/> changed.</summary>
    public bool OnTimer(MonotonicTime now)
    {
        if (PendingUntil > now)
        {
            return false;
        }

        PendingUntil = MonotonicTime.Never;
        return Settle(0, now);
    }

    public override string ToString() =>
        $"{(Up ? "UP" : "DOWN")} ({Count} running, " +
        $"quorum {Quorum}..{(QuorumMax == int.MaxValue ? "unlimited" : QuorumMax)})";

    private bool Settle(long delayUs, MonotonicTime now)
    {
        bool wanted = InQuorum(Count);
        if (wanted == Up)
        {
            // Undone in time: the bounce is never seen.
            PendingUntil = MonotonicTime.Never;
            return false;
        }

        if (delayUs > 0)
        {
            // A delay already running keeps its end: a stream of forks cannot postpone the change for ever.
            if (PendingUntil.IsNever)
            {
                PendingUntil = now.AddMicroseconds(delayUs);
            }

            return false;
        }

        Up = wanted;
        PendingUntil = MonotonicTime.Never;
        return true;
    }

    private static long Micros(TimeSpan t) => t <= TimeSpan.Zero ? 0 : t.Ticks / 10;
}
