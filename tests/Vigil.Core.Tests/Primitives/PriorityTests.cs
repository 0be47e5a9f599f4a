using Vigil.Core.Primitives;
using Xunit;

namespace Vigil.Core.Tests.Primitives;

public class PriorityTests
{
    [Fact]
    public void Named_values_are_keepalived_numbers()
    {
        Assert.Equal((0, 1, 254, 255), (Priority.Resign.Value, Priority.MinEffective.Value, Priority.MaxNonOwner.Value,
            Priority.Owner.Value));
        Assert.True(Priority.Owner.IsOwner);
        Assert.False(Priority.MaxNonOwner.IsOwner);
        Assert.True(Priority.Resign.IsResign);
    }

    [Theory]
    [InlineData(100, 400, 254)]
    [InlineData(100, -40, 1)]
    [InlineData(100, 0, 1)]
    [InlineData(100, 254, 254)]
    [InlineData(100, 255, 254)]
    [InlineData(100, 130, 130)]
    [InlineData(255, -500, 255)]
    [InlineData(255, 10, 255)]
    public void Effective_clamps_only_the_output_and_keeps_an_owner(int basePriority, int total, int expected)
    {
        Assert.Equal(expected, Priority.Effective(Priority.FromInt32(basePriority), total).Value);
    }

    [Fact]
    public void Compares_and_prints_as_the_number()
    {
        Assert.True(new Priority(100) < new Priority(150));
        Assert.True(new Priority(150) >= new Priority(150));
        Assert.False(new Priority(200) <= new Priority(150));
        Assert.Equal("0", Priority.Resign.ToString());
        Assert.Equal("priority 254", $"priority {Priority.MaxNonOwner}");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void A_number_outside_0_to_255_is_refused(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Priority.FromInt32(value));
    }
}
