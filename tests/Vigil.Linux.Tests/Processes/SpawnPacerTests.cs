using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>The spawner's pacing: no child starts just before the loop's deadline, births never take every core, and
/// nothing is held past its limit. Times are plain numbers (the pacer's ticks).</summary>
public sealed class SpawnPacerTests
{
    private const long Quiet = 400, Young = 400, MaxHold = 50_000;

    private static SpawnPacer Pacer(int youngLimit = 1) => new(youngLimit, Quiet, Young, MaxHold);

    private static readonly RunningScript.Pool Runs = new();

    private static RunningScript Child(RunningScript.Pool? pool = null) =>
        (pool ?? Runs).Rent(
            new ScriptLaunch(["/bin/true"]), TimeSpan.FromSeconds(1), new DelegateCompletion(_ => { }), 0);

    [Fact]
    public void An_idle_loop_and_no_child_hold_nothing()
    {
        Assert.Equal(0, Pacer().HoldUntil(now: 1_000, postedAt: 1_000));
    }

    [Fact]
    public void A_start_just_before_the_deadline_waits_until_just_after_it()
    {
        var pacer = Pacer();
        pacer.LoopDeadline = 10_000;
        Assert.Equal(0, pacer.HoldUntil(now: 9_599, postedAt: 9_000)); // more than the quiet span before
        Assert.Equal(10_100, pacer.HoldUntil(now: 9_600, postedAt: 9_000));
        Assert.Equal(10_100, pacer.HoldUntil(now: 10_099, postedAt: 9_000));
        Assert.Equal(0, pacer.HoldUntil(now: 10_100, postedAt: 9_000));
        // A loop running late is not waited for: its published deadline is simply in the past.
        Assert.Equal(0, pacer.HoldUntil(now: 12_000, postedAt: 9_000));
    }

    [Fact]
    public void Births_never_take_every_core()
    {
        var pacer = Pacer(youngLimit: 1);
        var first = Child();
        pacer.Born(first, 1_000);
        Assert.Equal(1_400, pacer.HoldUntil(now: 1_100, postedAt: 1_000));
        Assert.Equal(0, pacer.HoldUntil(now: 1_400, postedAt: 1_000)); // no longer young

        var second = Child();
        pacer.Born(second, 2_000);
        Assert.Equal(2_400, pacer.HoldUntil(now: 2_050, postedAt: 2_000));
        second.OnStartFailed("ended"); // an ended child frees its place at once
        Assert.Equal(0, pacer.HoldUntil(now: 2_060, postedAt: 2_000));

        var two = Pacer(youngLimit: 2);
        two.Born(Child(), 3_000);
        Assert.Equal(0, two.HoldUntil(now: 3_010, postedAt: 3_000));
        two.Born(Child(), 3_010);
        Assert.Equal(3_400, two.HoldUntil(now: 3_020, postedAt: 3_000));
    }

    [Fact]
    public void Nothing_is_held_past_its_limit_and_every_hold_is_in_the_future()
    {
        var pacer = Pacer();
        pacer.Born(Child(), 0);
        for (long deadline = 0; deadline < 2_000; deadline += 97)
        {
            pacer.LoopDeadline = deadline;
            for (long now = 0; now < 2_000; now += 13)
            {
                long postedAt = now - now % 700;
                long hold = pacer.HoldUntil(now, postedAt);
                Assert.True(hold == 0 || hold > now, $"hold {hold} at {now}");
                Assert.True(hold <= postedAt + MaxHold);
            }
        }

        pacer.LoopDeadline = 100_000;
        Assert.Equal(100_100, pacer.HoldUntil(now: 99_800, postedAt: 99_000));
        Assert.Equal(100_000, pacer.HoldUntil(now: 99_800, postedAt: 50_000)); // capped at posted + limit
        Assert.Equal(0, pacer.HoldUntil(now: 99_800, postedAt: 49_800));
    }

    [Fact]
    public void A_run_back_in_the_pool_and_rented_again_is_not_taken_for_its_old_birth()
    {
        var pool = new RunningScript.Pool();
        var pacer = Pacer(youngLimit: 1);
        var run = Child(pool);
        pacer.Born(run, 1_000);
        Assert.Equal(1_400, pacer.HoldUntil(now: 1_100, postedAt: 1_100));
        run.OnStartFailed("ended");
        run.Return();
        Assert.Equal(1, pool.Free);
        var again = Child(pool); // the same object, no longer Ended, but not born again yet
        Assert.Same(run, again);
        Assert.False(again.Ended);
        Assert.Equal(0, pacer.HoldUntil(now: 1_110, postedAt: 1_110));
        pacer.Born(again, 1_120);
        Assert.Equal(1_520, pacer.HoldUntil(now: 1_130, postedAt: 1_130));
    }
}
