using Xunit;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>When a MASTER's next periodic advert is due after one that left late: a little late keeps the schedule
/// (no drift), more than 2 ms late starts a new one from the send (a round of instances due together spreads out),
/// a whole interval late restarts from now (no catch-up burst).</summary>
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

    [Theory]
    [InlineData(0)]
    [InlineData(300)]
    [InlineData(2_000)]
    public void An_advert_at_most_2_ms_late_keeps_the_schedule(long lateUs)
    {
        var m = Master();
        var due = m.TimerDeadline;
        m.OnTimer(due.AddMicroseconds(lateUs));
        Assert.Equal(due.AddMicroseconds(1_000_000), m.TimerDeadline);
    }

    [Theory]
    [InlineData(2_001)]
    [InlineData(15_000)]
    [InlineData(999_999)]
    [InlineData(1_000_000)]
    [InlineData(3_000_000)]
    public void A_later_advert_starts_the_schedule_from_when_it_was_sent(long lateUs)
    {
        var m = Master();
        var sent = m.TimerDeadline.AddMicroseconds(lateUs);
        m.OnTimer(sent);
        Assert.Equal(sent.AddMicroseconds(1_000_000), m.TimerDeadline);
    }

    [Fact]
    public void Instances_due_together_and_sent_one_after_another_spread_out_and_then_stay_on_time()
    {
        // 40 instances due at the same moment, the loop sending one every 100 us: the first 21 leave within 2 ms
        // and keep the round; the rest move to when they were sent, and the next round has each on time.
        var machines = Enumerable.Range(0, 40).Select(_ => Master(10)).ToList();
        var due = machines[0].TimerDeadline;
        Assert.All(machines, m => Assert.Equal(due, m.TimerDeadline));
        for (int i = 0; i < machines.Count; i++)
            machines[i].OnTimer(due.AddMicroseconds(100 * i));
        for (int i = 0; i < machines.Count; i++)
        {
            var expected = i * 100 <= 2_000 ? due.AddMicroseconds(100_000) : due.AddMicroseconds(100_000 + 100 * i);
            Assert.Equal(expected, machines[i].TimerDeadline);
        }
        // Next round: each sent when due keeps its new place.
        foreach (var m in machines)
        {
            var next = m.TimerDeadline;
            m.OnTimer(next);
            Assert.Equal(next.AddMicroseconds(100_000), m.TimerDeadline);
        }
    }
}
