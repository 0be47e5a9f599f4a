using Vigil.Core.Primitives;

namespace Vigil.Daemon;

/// <summary>
/// When the settled collection (<see cref="VigilDaemon"/>, Memory) may run. It pauses every thread (about 11 ms at
/// 1,000 instances, 18 ms at 4,000), and adverts started together stay due together, so a pause that lands on their
/// round makes the whole round late. The loop asks right after a timer round, when the gap before the next one is
/// known, and the collection runs only in a gap of <see cref="Gap"/> or more; past <see cref="GiveUp"/> of waiting
/// (timers too dense to leave one) it runs regardless.
/// </summary>
public static class SettleGate
{
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    /// <summary>True when the collection due at <paramref name="dueAt"/> should run now, the engine's next timer being
    /// <paramref name="nextTimer"/> (<see cref="MonotonicTime.Never"/> when it has none).</summary>
    public static bool ShouldCollect(MonotonicTime now, MonotonicTime dueAt, MonotonicTime nextTimer)
    {
        if (now < dueAt)
            return false;
        if (nextTimer == MonotonicTime.Never || nextTimer - now >= Gap)
            return true;
        return now - dueAt >= GiveUp;
    }

    /// <summary>When the loop must wake for it: its time until that has passed; then only the engine's timers wake
    /// the loop (the collection waits for the gap after one of their rounds, never spinning).</summary>
    public static MonotonicTime Wake(MonotonicTime now, MonotonicTime dueAt) =>
        dueAt > now ? dueAt : MonotonicTime.Never;
}
