using Vigil.Core.Primitives;
using Vigil.Daemon;

namespace Vigil.Operations.Tests.Daemon;

/// <summary>The settled collection pauses every thread, so it must fall between timer rounds, not on one.</summary>
public sealed class SettleGateTests
{
    private static readonly MonotonicTime Due = MonotonicTime.FromMilliseconds(20_000);

    [Fact]
    public void NotBeforeItsTime() =>
        Assert.False(SettleGate.ShouldCollect(MonotonicTime.FromMilliseconds(19_999), Due, MonotonicTime.Never));

    [Fact]
    public void RunsAtItsTimeWhenTheEngineHasNoTimer() =>
        Assert.True(SettleGate.ShouldCollect(Due, Due, MonotonicTime.Never));

    [Fact]
    public void WaitsWhenTheNextRoundIsCloserThanTheGap()
    {
        var now = MonotonicTime.FromMilliseconds(20_950);
        Assert.False(SettleGate.ShouldCollect(now, Due, MonotonicTime.FromMilliseconds(21_000)));
    }

    [Fact]
    public void RunsRightAfterARoundThatLeavesTheGap()
    {
        var now = MonotonicTime.FromMilliseconds(21_001);
        Assert.True(SettleGate.ShouldCollect(now, Due, now.AddMicroseconds(999_000)));
        Assert.True(SettleGate.ShouldCollect(now, Due, MonotonicTime.FromMilliseconds(21_101)));
        Assert.False(SettleGate.ShouldCollect(now, Due, MonotonicTime.FromMilliseconds(21_100).AddMicroseconds(-1)));
    }

    [Fact]
    public void GivesUpWaitingWhenTimersNeverLeaveAGap()
    {
        var now = MonotonicTime.FromMilliseconds(29_999);
        Assert.False(SettleGate.ShouldCollect(now, Due, now.AddMicroseconds(1_000)));
        now = MonotonicTime.FromMilliseconds(30_000);
        Assert.True(SettleGate.ShouldCollect(now, Due, now.AddMicroseconds(1_000)));
    }

    [Fact]
    public void WakesTheLoopOnlyUntilItsTimeHasPassed()
    {
        Assert.Equal(Due, SettleGate.Wake(MonotonicTime.FromMilliseconds(1_000), Due));
        Assert.Equal(MonotonicTime.Never, SettleGate.Wake(Due, Due));
        Assert.Equal(MonotonicTime.Never, SettleGate.Wake(MonotonicTime.FromMilliseconds(25_000), Due));
    }
}
