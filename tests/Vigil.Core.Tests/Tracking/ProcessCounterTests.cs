using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>docs/track-process.md: quorum, quorum_max and the delays of one vrrp_track_process.</summary>
public class ProcessCounterTests
{
    private static readonly MonotonicTime T0 = MonotonicTime.FromMilliseconds(1_000);

    private static MonotonicTime At(double seconds) => T0.AddMicroseconds((long)(seconds * 1_000_000));

    private static ProcessCounter Counter(
        int quorum = 1,
        int? max = null,
        double fork = 0,
        double terminate = 0,
        int count = 0) =>
        ProcessCounter.Create(quorum, max, TimeSpan.FromSeconds(fork), TimeSpan.FromSeconds(terminate), count);

    [Theory]
    [InlineData(1, null, 0, false)]
    [InlineData(1, null, 1, true)]
    [InlineData(1, null, 500, true)]
    [InlineData(2, null, 1, false)]
    [InlineData(2, null, 2, true)]
    [InlineData(1, 1, 2, false)]
    [InlineData(1, 2, 2, true)]
    [InlineData(2, 3, 4, false)]
    [InlineData(1, 0, 1, false)]
    [InlineData(1, 0, 0, false)]
    public void Quorum_holds_between_quorum_and_quorum_max(int quorum, int? max, int count, bool up) =>
        Assert.Equal(up, Counter(quorum, max, count: count).Up);

    [Fact]
    public void Quorum_max_zero_means_up_only_while_nothing_runs()
    {
        // keepalived validates quorum >= 1 but a "must not run" tracker is quorum_max 0 with the count at 0;
        // with quorum 1 that can never hold, so keepalived users pair quorum_max 0 with reverse instead.
        var c = ProcessCounter.Create(0, 0, TimeSpan.Zero, TimeSpan.Zero, 0);
        Assert.True(c.Up);
        Assert.True(c.Change(+1, ProcessCause.Exec, T0));
        Assert.False(c.Up);
        Assert.True(c.Change(-1, ProcessCause.Exit, T0));
        Assert.True(c.Up);
    }

    [Fact]
    public void Start_and_exit_without_delays_act_at_once()
    {
        var c = Counter();
        Assert.False(c.Up);
        Assert.True(c.Change(+1, ProcessCause.Exec, T0));
        Assert.True(c.Up);
        Assert.False(c.Change(+1, ProcessCause.Exec, T0));
        Assert.Equal(2, c.Count);
        Assert.False(c.Change(-1, ProcessCause.Exit, T0));
        Assert.True(c.Change(-1, ProcessCause.Exit, T0));
        Assert.False(c.Up);
        Assert.True(c.PendingUntil.IsNever);
    }

    [Fact]
    public void The_count_never_goes_below_zero()
    {
        var c = Counter(count: 0);
        Assert.False(c.Change(-1, ProcessCause.Exit, T0));
        Assert.Equal(0, c.Count);
        Assert.True(c.Change(+1, ProcessCause.Exec, T0));
    }

    [Fact]
    public void Terminate_delay_postpones_the_loss_until_it_ends()
    {
        var c = Counter(terminate: 2, count: 1);
        Assert.False(c.Change(-1, ProcessCause.Exit, At(0)));
        Assert.True(c.Up);
        Assert.Equal(At(2), c.PendingUntil);
        Assert.False(c.OnTimer(At(1.999)));
        Assert.True(c.Up);
        Assert.True(c.OnTimer(At(2)));
        Assert.False(c.Up);
        Assert.True(c.PendingUntil.IsNever);
    }

    [Fact]
    public void A_restart_within_terminate_delay_is_never_seen()
    {
        var c = Counter(terminate: 2, count: 1);
        c.Change(-1, ProcessCause.Exit, At(0));
        Assert.False(c.Change(+1, ProcessCause.Exec, At(1)));
        Assert.True(c.Up);
        Assert.True(c.PendingUntil.IsNever);
        Assert.False(c.OnTimer(At(5)));
        Assert.True(c.Up);
    }

    [Fact]
    public void Terminate_delay_also_postpones_a_gain_caused_by_an_exit()
    {
        // keepalived 2.2.7: quorum_max 1 with two running, one exits: quorum is gained terminate_delay later.
        var c = Counter(max: 1, terminate: 2, count: 2);
        Assert.False(c.Up);
        Assert.False(c.Change(-1, ProcessCause.Exit, At(0)));
        Assert.False(c.Up);
        Assert.True(c.OnTimer(At(2)));
        Assert.True(c.Up);
    }

    [Fact]
    public void Terminate_delay_does_not_touch_a_start()
    {
        var c = Counter(terminate: 2);
        Assert.True(c.Change(+1, ProcessCause.Exec, At(0)));
        Assert.True(c.Up);
    }

    [Fact]
    public void Fork_delay_hides_the_fork_then_exec_bounce_over_quorum_max()
    {
        var c = Counter(max: 1, fork: 1, count: 1);
        Assert.True(c.Up);
        Assert.False(c.Change(+1, ProcessCause.Fork, At(0)));
        Assert.True(c.Up);
        Assert.Equal(At(1), c.PendingUntil);
        // The child execs another program: back to one, within the delay.
        Assert.False(c.Change(-1, ProcessCause.Exec, At(0.001)));
        Assert.True(c.PendingUntil.IsNever);
        Assert.False(c.OnTimer(At(1)));
        Assert.True(c.Up);
    }

    [Fact]
    public void Without_fork_delay_a_fork_over_quorum_max_bounces()
    {
        var c = Counter(max: 1, count: 1);
        Assert.True(c.Change(+1, ProcessCause.Fork, At(0)));
        Assert.False(c.Up);
        Assert.True(c.Change(-1, ProcessCause.Exec, At(0.001)));
        Assert.True(c.Up);
    }

    [Fact]
    public void A_fork_that_stays_takes_effect_after_fork_delay()
    {
        var c = Counter(max: 1, fork: 1, count: 1);
        c.Change(+1, ProcessCause.Fork, At(0));
        Assert.True(c.OnTimer(At(1)));
        Assert.False(c.Up);
    }

    [Fact]
    public void Fork_delay_also_postpones_a_gain_by_fork()
    {
        var c = Counter(quorum: 2, fork: 0.5, count: 1);
        Assert.False(c.Change(+1, ProcessCause.Fork, At(0)));
        Assert.False(c.Up);
        Assert.True(c.OnTimer(At(0.5)));
        Assert.True(c.Up);
    }

    [Fact]
    public void Fork_delay_does_not_touch_an_exec_or_an_exit()
    {
        var c = Counter(max: 1, fork: 2, count: 1);
        Assert.True(c.Change(+1, ProcessCause.Exec, At(0)));
        Assert.False(c.Up);
        Assert.True(c.Change(-1, ProcessCause.Exit, At(1)));
        Assert.True(c.Up);
        Assert.True(c.Change(-1, ProcessCause.Exit, At(2)));
        Assert.False(c.Up);
    }

    [Fact]
    public void Delays_apply_to_their_own_cause_only()
    {
        var c = Counter(fork: 3, terminate: 1, count: 1);
        c.Change(-1, ProcessCause.Exit, At(0));
        Assert.Equal(At(1), c.PendingUntil);
        var d = Counter(quorum: 2, fork: 3, terminate: 1, count: 1);
        d.Change(+1, ProcessCause.Fork, At(0));
        Assert.Equal(At(3), d.PendingUntil);
    }

    [Fact]
    public void A_running_delay_keeps_its_end_when_more_of_the_same_arrives()
    {
        var c = Counter(quorum: 2, terminate: 2, count: 3);
        c.Change(-1, ProcessCause.Exit, At(0));
        Assert.True(c.PendingUntil.IsNever); // two left: quorum still held
        c.Change(-1, ProcessCause.Exit, At(0.5));
        Assert.Equal(At(2.5), c.PendingUntil);
        c.Change(-1, ProcessCause.Exit, At(1));
        Assert.Equal(At(2.5), c.PendingUntil); // not pushed back by the third exit
        Assert.True(c.OnTimer(At(2.5)));
        Assert.False(c.Up);
        Assert.Equal(0, c.Count);
    }

    [Fact]
    public void An_immediate_cause_ends_a_running_delay_in_the_same_direction()
    {
        var c = Counter(max: 1, terminate: 5, count: 3);
        Assert.False(c.Up);
        c.Change(-1, ProcessCause.Exit, At(0)); // 2: still over
        c.Change(-1, ProcessCause.Exit, At(0.1)); // 1: gain waits for terminate_delay
        Assert.False(c.Up);
        Assert.False(c.PendingUntil.IsNever);
        Assert.False(c.Change(-1, ProcessCause.Exec, At(0.2))); // 0: below quorum, same as reported
        Assert.True(c.PendingUntil.IsNever);
        Assert.True(c.Change(+1, ProcessCause.Exec, At(0.3)));
        Assert.True(c.Up);
    }

    [Fact]
    public void A_timer_before_the_deadline_does_nothing()
    {
        var c = Counter(terminate: 1, count: 1);
        c.Change(-1, ProcessCause.Exit, At(0));
        Assert.False(c.OnTimer(At(0.5)));
        Assert.Equal(At(1), c.PendingUntil);
    }

    [Fact]
    public void A_resync_applies_at_once_and_cancels_delays()
    {
        var c = Counter(terminate: 5, count: 1);
        c.Change(-1, ProcessCause.Exit, At(0));
        Assert.True(c.Resync(0, At(0.1)));
        Assert.False(c.Up);
        Assert.True(c.PendingUntil.IsNever);
        Assert.True(c.Resync(4, At(0.2)));
        Assert.Equal(4, c.Count);
        Assert.False(c.Resync(4, At(0.3)));
    }

    [Fact]
    public void Comm_and_scan_causes_act_at_once()
    {
        var c = Counter(fork: 5, terminate: 5);
        Assert.True(c.Change(+1, ProcessCause.Comm, At(0)));
        Assert.True(c.Change(-1, ProcessCause.Comm, At(0)));
        Assert.True(c.Change(+1, ProcessCause.Scan, At(0)));
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessCounter.Create(-1, null, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessCounter.Create(1, -1, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ProcessCounter.Create(1, null, TimeSpan.Zero, TimeSpan.Zero, -2));
    }
}
