using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>What a track_process does to the instances tracking it: weight, reverse, weight 0 as FAULT, delays
/// through the table's timers.</summary>
public class ProcessTrackingTests
{
    private static readonly MonotonicTime T0 = MonotonicTime.FromMilliseconds(5_000);

    private static (TrackingTable Table, InstanceTracking Instance) Tracked(int weight, bool reverse, int count,
        double terminate = 0)
    {
        var table = new TrackingTable();
        table.DeclareProcess(
            "p",
            ProcessCounter.Create(1, null, TimeSpan.Zero, TimeSpan.FromSeconds(terminate), count));
        var instance = table.AddInstance("VI_1", 100);
        Assert.True(instance.TrackProcess("p", weight, reverse));
        return (table, instance);
    }

    [Theory]
    [InlineData(10, false, 1, 110, false)]
    [InlineData(10, false, 0, 100, false)]
    [InlineData(-10, false, 1, 100, false)]
    [InlineData(-10, false, 0, 90, false)]
    [InlineData(10, true, 1, 90, false)]
    [InlineData(10, true, 0, 100, false)]
    [InlineData(-10, true, 0, 110, false)]
    [InlineData(-10, true, 1, 100, false)]
    [InlineData(0, false, 1, 100, false)]
    [InlineData(0, false, 0, 100, true)]
    [InlineData(0, true, 1, 100, true)]
    [InlineData(0, true, 0, 100, false)]
    public void Weight_and_reverse_act_like_every_up_down_tracker(
        int weight,
        bool reverse,
        int count,
        int priority,
        bool fault)
    {
        var (_, instance) = Tracked(weight, reverse, count);
        Assert.Equal(priority, instance.EffectivePriority.Value);
        Assert.Equal(fault, instance.IsFaulted);
        if (fault)
        {
            Assert.Equal(new FaultReason(TrackerKind.Process, "p"), instance.FaultReasons.Single());
            Assert.Equal("process p", instance.FaultReasons.Single().ToString());
        }
    }

    [Fact]
    public void Changes_reach_the_instance_and_delays_end_through_the_table()
    {
        var (table, instance) = Tracked(0, false, 1, terminate: 1);
        Assert.Empty(table.ReportProcessChange("p", -1, ProcessCause.Exit, T0).Instances);
        Assert.False(instance.IsFaulted);
        Assert.Equal(T0.AddMicroseconds(1_000_000), table.NextProcessDeadline);
        Assert.Empty(table.ProcessTimers(T0.AddMicroseconds(999_999)).Instances);
        var changed = new List<string>();
        var update = table.ProcessTimers(T0.AddMicroseconds(1_000_000), changed);
        Assert.True(update.Instances.Single().EnteredFault);
        Assert.Equal(["p"], changed);
        Assert.True(table.NextProcessDeadline.IsNever);
        Assert.True(table.ReportProcessChange("p", +1, ProcessCause.Exec, T0).Instances.Single().LeftFault);
        Assert.True(table.ReportProcessCount("p", 0, T0).Instances.Single().EnteredFault);
        Assert.Empty(table.ReportProcessChange("unknown", 1, ProcessCause.Exec, T0).Instances);
    }

    [Fact]
    public void Status_shows_up_or_down()
    {
        var (table, instance) = Tracked(-20, false, 0);
        var s = instance.TrackerReadings.Single();
        Assert.Equal((TrackerKind.Process, "DOWN", -20), (s.Kind, s.State, s.Contribution));
        table.ReportProcessChange("p", 1, ProcessCause.Exec, T0);
        Assert.Equal("UP", instance.TrackerReadings.Single().State);
        Assert.Equal("process", TrackerKind.Process.Name());
    }

    [Fact]
    public void Undeclared_or_repeated_trackers_are_refused()
    {
        var (_, instance) = Tracked(0, false, 1);
        Assert.False(instance.TrackProcess("p"));
        Assert.False(instance.TrackProcess("missing"));
    }
}
