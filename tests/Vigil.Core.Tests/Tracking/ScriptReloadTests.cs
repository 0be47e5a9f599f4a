using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>docs/track-scripts.md section 4, reload: OK stays OK, KO stays KO, the distance to the boundary
/// is kept and clamped to the new rise/fall.</summary>
public class ScriptReloadTests
{
    private static ScriptCounter Ok(int rise, int fall, int failuresAfterOk)
    {
        var c = ScriptCounter.Create(rise, fall);
        c.Record(true);
        for (int i = 0; i < failuresAfterOk; i++)
        {
            c.Record(false);
        }

        Assert.Equal(ScriptState.Ok, c.State);
        return c;
    }

    private static ScriptCounter Ko(int rise, int fall, int successesAfterKo)
    {
        var c = ScriptCounter.Create(rise, fall);
        c.Record(false);
        for (int i = 0; i < successesAfterKo; i++)
        {
            c.Record(true);
        }

        Assert.Equal(ScriptState.Ko, c.State);
        return c;
    }

    [Theory]
    // old R/F, failures already absorbed, new R/F, expected new result
    [InlineData(2, 3, 0, 2, 3, 4)] // full budget stays full
    [InlineData(2, 3, 1, 2, 3, 3)]
    [InlineData(2, 3, 2, 2, 3, 2)] // one failure from KO stays one failure from KO
    [InlineData(2, 3, 2, 4, 5, 4)] // same distance (at the boundary) in a bigger space
    [InlineData(2, 3, 0, 3, 2, 4)] // 3 failures left clamped to the new fall of 2
    [InlineData(1, 5, 1, 1, 1, 1)] // fall 1: at the boundary
    public void Ok_stays_ok_keeping_the_failures_left(int r, int f, int fails, int nr, int nf, int expected)
    {
        var carried = ScriptCounter.CarryOver(Ok(r, f, fails), nr, nf);
        Assert.Equal(ScriptState.Ok, carried.State);
        Assert.Equal(ScriptPhase.Done, carried.Phase);
        Assert.Equal(expected, carried.Result);
    }

    [Theory]
    // old R/F, successes already counted, new R/F, expected new result
    [InlineData(3, 2, 0, 3, 2, 0)]
    [InlineData(3, 2, 2, 3, 2, 2)] // one success from OK
    [InlineData(3, 2, 2, 5, 2, 4)] // still one success from OK
    [InlineData(3, 2, 0, 2, 2, 0)] // 3 successes needed clamped to the new rise of 2
    [InlineData(1, 1, 0, 4, 1, 3)] // one success needed stays one success needed
    public void Ko_stays_ko_keeping_the_successes_needed(int r, int f, int oks, int nr, int nf, int expected)
    {
        var carried = ScriptCounter.CarryOver(Ko(r, f, oks), nr, nf);
        Assert.Equal(ScriptState.Ko, carried.State);
        Assert.Equal(expected, carried.Result);
    }

    [Fact]
    public void A_carried_ko_script_flips_after_the_kept_number_of_successes()
    {
        var carried = ScriptCounter.CarryOver(Ko(3, 2, 1), 3, 2);
        Assert.False(carried.Record(true).IsTransition);
        Assert.True(carried.Record(true).IsTransition);
    }

    [Fact]
    public void A_script_still_in_init_stays_in_init()
    {
        var carried = ScriptCounter.CarryOver(ScriptCounter.Create(2, 2), 4, 1);
        Assert.Equal(ScriptState.Init, carried.State);
        Assert.Equal(ScriptPhase.Init, carried.Phase);
        Assert.Equal(3, carried.Result);

        var fromReload = ScriptCounter.CarryOver(ScriptCounter.CreateAtReload(2, 2), 2, 2);
        Assert.Equal(ScriptPhase.InitReload, fromReload.Phase);
    }

    [Fact]
    public void A_script_new_at_reload_is_init_and_its_first_result_decides()
    {
        var c = ScriptCounter.CreateAtReload(3, 3);
        Assert.Equal(ScriptState.Init, c.State);
        Assert.Equal(ScriptPhase.InitReload, c.Phase);
        Assert.Equal(new ScriptStateChange(ScriptState.Init, ScriptState.Ko), c.Record(false));
    }
}
