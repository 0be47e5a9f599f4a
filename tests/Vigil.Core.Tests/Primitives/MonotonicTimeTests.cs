using Vigil.Core.Primitives;
using Xunit;

namespace Vigil.Core.Tests.Primitives;

public class MonotonicTimeTests
{
    [Fact]
    public void Adding_a_span_moves_the_instant_by_microseconds()
    {
        var t = MonotonicTime.FromMilliseconds(1500).Add(TimeSpan.FromMilliseconds(250));
        Assert.Equal(1_750_000, t.Microseconds);
        Assert.Equal(TimeSpan.FromMilliseconds(1750), t - MonotonicTime.Zero);
    }

    [Fact]
    public void Never_stays_never_and_sorts_last()
    {
        Assert.True(MonotonicTime.Never.Add(TimeSpan.FromSeconds(1)).IsNever);
        Assert.Equal(MonotonicTime.Zero, MonotonicTime.Min(MonotonicTime.Zero, MonotonicTime.Never));
    }
}
