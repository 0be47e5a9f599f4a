using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>The contribution table of docs/track-scripts.md section 5, row by row, for scripts and (same
/// rules, section 7) interfaces.</summary>
public class ContributionTableTests
{
    // | weight | reverse | script OK | script KO |   ("F" = instance FAULT, "-" = none)
    [Theory]
    [InlineData(20, false, "+20", "0")]
    [InlineData(-20, false, "0", "-20")]
    [InlineData(20, true, "-20", "0")]
    [InlineData(-20, true, "0", "+20")]
    [InlineData(0, false, "-", "F")]
    [InlineData(0, true, "F", "-")]
    public void Script_row(int weight, bool reverse, string whenOk, string whenKo)
    {
        Assert.Equal(whenOk, Show(Contribution.ForScript(ScriptState.Ok, ScriptPhase.Done, weight, reverse), weight));
        Assert.Equal(whenKo, Show(Contribution.ForScript(ScriptState.Ko, ScriptPhase.Done, weight, reverse), weight));
    }

    [Theory]
    [InlineData(20, false, "+20", "0")]
    [InlineData(-20, false, "0", "-20")]
    [InlineData(20, true, "-20", "0")]
    [InlineData(-20, true, "0", "+20")]
    [InlineData(0, false, "-", "F")]
    [InlineData(0, true, "F", "-")]
    public void Interface_row_up_is_ok_down_is_ko(int weight, bool reverse, string whenUp, string whenDown)
    {
        Assert.Equal(whenUp, Show(Contribution.ForUpDown(true, weight, reverse), weight));
        Assert.Equal(whenDown, Show(Contribution.ForUpDown(false, weight, reverse), weight));
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(-20, false)]
    [InlineData(20, true)]
    [InlineData(-20, true)]
    public void A_weighted_script_in_init_contributes_nothing(int weight, bool reverse)
    {
        Assert.Equal(TrackerEffect.None, Contribution.ForScript(ScriptState.Init, ScriptPhase.Init, weight, reverse));
        Assert.Equal(TrackerEffect.None,
            Contribution.ForScript(ScriptState.Init, ScriptPhase.InitReload, weight, reverse));
    }

    [Fact]
    public void A_weight_zero_script_in_startup_init_is_a_silent_fault_but_not_after_a_reload()
    {
        Assert.Equal(TrackerEffect.Faulted(silent: true),
            Contribution.ForScript(ScriptState.Init, ScriptPhase.Init, 0, false));
        Assert.Equal(TrackerEffect.None, Contribution.ForScript(ScriptState.Init, ScriptPhase.InitReload, 0, false));
    }

    // track_file: contribution = value x weight (reverse negates), -254 or less = FAULT, capped at 253.
    [Theory]
    [InlineData(0, 10, false, "0")]
    [InlineData(3, 10, false, "+30")]
    [InlineData(-3, 10, false, "-30")]
    [InlineData(3, 10, true, "-30")]
    [InlineData(-5, -4, false, "+20")]
    [InlineData(100, 10, false, "+253")]
    [InlineData(-253, 1, false, "-253")]
    [InlineData(-254, 1, false, "F")]
    [InlineData(-26, 10, false, "F")]
    [InlineData(254, 1, true, "F")]
    [InlineData(int.MinValue, 254, false, "F")]
    [InlineData(int.MaxValue, 254, false, "+253")]
    [InlineData(0, 0, false, "-")]
    [InlineData(7, 0, false, "F")]
    [InlineData(-1, 0, false, "F")]
    [InlineData(0, 0, true, "F")]
    [InlineData(7, 0, true, "-")]
    public void File_contribution(int value, int weight, bool reverse, string expected)
    {
        Assert.Equal(expected, Show(Contribution.ForFile(value, weight, reverse), weight));
    }

    private static string Show(TrackerEffect effect, int weight)
    {
        if (effect.Fault)
        {
            Assert.Equal(0, effect.Contribution);
            return "F";
        }

        if (weight == 0)
        {
            Assert.Equal(0, effect.Contribution);
            return "-";
        }

        return effect.Contribution switch
        {
            0 => "0",
            > 0 => "+" + effect.Contribution,
            _ => effect.Contribution.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
