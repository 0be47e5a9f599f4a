using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>When a MASTER's next periodic advert is due after one that left late: one interval after the late one
/// was due, whatever the lateness (no drift, and instances sent late together do not gather at the moment they
/// were sent); late by a whole interval or more, the next place in its phase after now (no catch-up burst). The
/// phase itself is set when the instance becomes MASTER, by the owner's lead.</summary>
public sealed class AdvertScheduleTests
{
    private static VrrpInstanceMachine Master(int intervalCs = 100)
    {
        var p = new InstanceParameters
        {
            Version = 3,
            AdvertInterval = VrrpWire.FromCentiseconds(intervalCs),
            BasePriority = new(100),
        };
        var machine = new VrrpInstanceMachine(p, new RecordingActions());
        machine.Start(MonotonicTime.FromMilliseconds(0), new(100), false);
        machine.OnTimer(machine.TimerDeadline);
        Assert.Equal(VrrpState.Master, machine.State);
        return machine;
    }

    private static InstanceParameters Parameters(TimeSpan interval) =>
        new() { Version = 3, AdvertInterval = interval, BasePriority = new(100) };

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    [InlineData(2_001)]
    [InlineData(15_000)]
    [InlineData(999_999)]
    public void An_advert_late_by_less_than_an_interval_keeps_the_schedule(long lateUs)
    {
        var m = Master();
        var due = m.TimerDeadline;
        m.OnTimer(due.AddMicroseconds(lateUs));
        Assert.Equal(due.AddMicroseconds(1_000_000), m.TimerDeadline);
    }

    [Theory]
    [InlineData(1_000_000, 2_000_000)]
    [InlineData(1_500_000, 2_000_000)]
    [InlineData(3_000_000, 4_000_000)]
    [InlineData(3_999_999, 4_000_000)]
    public void An_advert_late_by_whole_intervals_skips_to_its_next_place_after_now(long lateUs, long nextUs)
    {
        var m = Master();
        var due = m.TimerDeadline;
        m.OnTimer(due.AddMicroseconds(lateUs));
        Assert.Equal(due.AddMicroseconds(nextUs), m.TimerDeadline);
    }

    [Fact]
    public void Instances_sent_late_in_one_batch_keep_their_own_phases()
    {
        // 45 instances at 100 ms, given 15 phases 5 ms apart by the lead when they became MASTER together, then all
        // sent by one batch 300 ms later at the same "now": each stays in its own phase, none moves to the batch.
        var machines = new List<VrrpInstanceMachine>();
        var p = Parameters(TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 45; i++)
        {
            var m = new VrrpInstanceMachine(p, new RecordingActions { Lead = 5_000 * (i % 15) });
            m.Start(MonotonicTime.Zero, new(100), false);
            machines.Add(m);
        }

        var becameMaster = machines[0].TimerDeadline;
        machines.ForEach(m => m.OnTimer(becameMaster));
        Assert.Equal(15, machines.Select(m => m.TimerDeadline).Distinct().Count());

        var batch = becameMaster.AddMicroseconds(300_000);
        machines.ForEach(m => m.OnTimer(batch));
        for (int i = 0; i < machines.Count; i++)
        {
            // Second advert due at 100 - 5i ms, sent at 300: the next place in that phase is 400 - 5i ms.
            Assert.Equal(becameMaster.AddMicroseconds(400_000 - 5_000 * (i % 15)), machines[i].TimerDeadline);
        }
    }

    [Theory]
    [InlineData(0, 1_000_000)]
    [InlineData(300_000, 700_000)]
    [InlineData(750_000, 250_000)]
    [InlineData(2_000_000, 250_000)] // clamped: never less than a quarter of the interval
    [InlineData(-5, 1_000_000)] // clamped: never later than one interval
    public void The_owner_may_bring_the_second_advert_forward_by_at_most_three_quarters(long lead, long expectedUs)
    {
        var actions = new RecordingActions { Lead = lead };
        var p = Parameters(TimeSpan.FromSeconds(1));
        var m = new VrrpInstanceMachine(p, actions);
        m.Start(MonotonicTime.Zero, new(100), false);
        var becameMaster = m.TimerDeadline;
        m.OnTimer(becameMaster);
        Assert.Equal(VrrpState.Master, m.State);
        Assert.Equal(becameMaster.AddMicroseconds(expectedUs), m.TimerDeadline);

        // Only the second one: from there the schedule is one interval again.
        var second = m.TimerDeadline;
        m.OnTimer(second);
        Assert.Equal(second.AddMicroseconds(1_000_000), m.TimerDeadline);
    }

    [Fact]
    public void The_owner_hears_when_the_next_deadline_moves_and_not_otherwise()
    {
        var actions = new RecordingActions();
        var p = Parameters(TimeSpan.FromSeconds(1));
        var m = new VrrpInstanceMachine(p, actions);
        Assert.Equal(0, actions.DeadlineMoves);
        m.Start(MonotonicTime.Zero, new(100), false);
        Assert.Equal(1, actions.DeadlineMoves);

        // Nothing due: nothing moves, nobody is told.
        m.OnTimer(m.NextDeadline.AddMicroseconds(-1));
        Assert.Equal(1, actions.DeadlineMoves);

        for (int i = 0; i < 4; i++)
        {
            int before = actions.DeadlineMoves;
            var was = m.NextDeadline;
            m.OnTimer(was);
            Assert.NotEqual(was, m.NextDeadline);
            Assert.True(actions.DeadlineMoves > before);
        }
    }
}
