namespace Vigil.Linux.Processes;

/// <summary>
/// When the spawner may start its next child, so that starting scripts never holds up the loop's adverts.
/// <para>
/// A child's birth (exec, the dynamic loader's page faults) and a short script's death run in the kernel, and a
/// kernel built without full preemption (PREEMPT_NONE, common on servers and virtual machines) does not give the CPU
/// back to a woken thread until that stretch ends: 0.3 ms on typical hardware, 3 ms for /bin/true on a small
/// virtual machine. When 200 scripts fell due in the same instant, their children filled every core for a few hundred
/// milliseconds and the adverts due meanwhile left up to 7 ms late, whatever the loop thread's scheduling class.
/// </para>
/// Two rules keep a core free for the loop (bench/README.md, "Adverts beside 200 scripts"):
/// <list type="bullet">
/// <item>Quiet before a deadline: no child starts in the <c>quiet</c> span before the loop's next deadline (the
/// deadline the loop last published); the spawner resumes a quarter of that span after it, when the loop has sent
/// what was due and published its next deadline.</item>
/// <item>Few births at once: at most <c>youngLimit</c> children younger than <c>young</c> may be alive (one less than
/// the cores, at least one), so births never take every core.</item>
/// </list>
/// A request is never held longer than <c>maxHold</c> after it was posted, so an overloaded host still runs every
/// script, only no longer paced. Times are <see cref="System.Diagnostics.Stopwatch"/> ticks. Used only on the
/// spawner's thread.
/// </summary>
internal sealed class SpawnPacer(int youngLimit, long quiet, long young, long maxHold)
{
    // With the run's generation: an ended run's object goes back to the pool and may be posted again.
    private readonly Queue<(long At, RunningScript Script, int Generation)> _births = new();

    private long _loopDeadline = long.MaxValue;

    /// <summary>The loop's next deadline (<see cref="long.MaxValue"/>: none), published by the loop thread.</summary>
    public long LoopDeadline
    {
        get => Volatile.Read(ref _loopDeadline);
        set => Volatile.Write(ref _loopDeadline, value);
    }

    /// <summary>A child was started at <paramref name="at"/>.</summary>
    public void Born(RunningScript script, long at) => _births.Enqueue((at, script, script.Generation));

    /// <summary>0 when the oldest waiting request, posted at <paramref name="postedAt"/>, may start now; otherwise the
    /// moment to look again (a child ending wakes the spawner earlier).</summary>
    public long HoldUntil(long now, long postedAt)
    {
        if (now - postedAt >= maxHold)
            return 0;
        long until = 0;
        long deadline = LoopDeadline;
        // Only just before the deadline, and only until shortly after it: a loop running late is not waited for.
        long resume = quiet / 4;
        if (deadline != long.MaxValue && now >= deadline - quiet && now < deadline + resume)
            until = deadline + resume;
        while (_births.Count > 0 && (_births.Peek().At + young <= now || !IsAlive(_births.Peek())))
            _births.Dequeue();
        int alive = 0;
        long oldestAlive = long.MaxValue;
        foreach (var birth in _births)
        {
            if (IsAlive(birth) && birth.At + young > now)
            {
                alive++;
                oldestAlive = Math.Min(oldestAlive, birth.At);
            }
        }
        if (alive >= youngLimit)
            until = Math.Max(until, oldestAlive + young);
        return until == 0 ? 0 : Math.Min(until, postedAt + maxHold);
    }

    private static bool IsAlive((long At, RunningScript Script, int Generation) birth) =>
        birth.Script.Generation == birth.Generation && !birth.Script.Ended;
}
