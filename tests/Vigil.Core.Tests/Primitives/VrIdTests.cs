using Vigil.Core.Primitives;
using Xunit;

namespace Vigil.Core.Tests.Primitives;

public class VrIdTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(-1)]
    public void A_number_outside_1_to_255_is_refused(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VrId(value));
    }

    [Fact]
    public void Prints_the_plain_number()
    {
        Assert.Equal("1", new VrId(1).ToString());
        Assert.Equal("255", new VrId(255).ToString());
        Assert.Equal("VRID 51", $"VRID {new VrId(51)}");
    }

    [Fact]
    public void A_wire_zero_is_kept_invalid_and_matches_no_configured_id()
    {
        var zero = VrId.FromWire(0);
        Assert.False(zero.IsValid);
        Assert.Equal(default, zero);
        Assert.NotEqual(new VrId(1), zero);
        Assert.Equal(new VrId(200), VrId.FromWire(200));
    }
}
