using CsCheck;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>docs/track-scripts.md sections 3 and 4: the result counter.</summary>
public class ScriptCounterTests
{
    [Fact]
    public void Worked_example_rise_2_fall_3_from_ok()
    {
        // "R=2, F=3, starting OK (result = 4): fail -> 3 (OK), fail -> 2 (OK), fail -> 0 (KO, transition),
        //  ok -> 1 (KO), fail -> 0 (KO), ok -> 1, ok -> 4 (OK, transition)."
        var c = ScriptCounter.Create(rise: 2, fall: 3);
        c.Record(true);
        Assert.Equal(4, c.Result);
        Assert.Equal(ScriptState.Ok, c.State);

        var steps = new (bool Success, int Result, ScriptState State, bool Transition)[]
        {
            (false, 3, ScriptState.Ok, false),
            (false, 2, ScriptState.Ok, false),
            (false, 0, ScriptState.Ko, true),
            (true, 1, ScriptState.Ko, false),
            (false, 0, ScriptState.Ko, false),
            (true, 1, ScriptState.Ko, false),
            (true, 4, ScriptState.Ok, true),
        };
        foreach (var (success, result, state, transition) in steps)
        {
            var change = c.Record(success);
            Assert.Equal(result, c.Result);
            Assert.Equal(state, c.State);
            Assert.Equal(transition, change.IsTransition);
            Assert.Equal(state, change.To);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 1)]
    [InlineData(1, 7)]
    public void Starts_in_init_with_result_rise_minus_one(int rise, int fall)
    {
        var c = ScriptCounter.Create(rise, fall);
        Assert.Equal(ScriptState.Init, c.State);
        Assert.Equal(ScriptPhase.Init, c.Phase);
        Assert.Equal(rise - 1, c.Result);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    public void First_success_goes_ok_at_once_ignoring_rise(int rise, int fall)
    {
        var c = ScriptCounter.Create(rise, fall);
        var change = c.Record(true);
        Assert.Equal(new ScriptStateChange(ScriptState.Init, ScriptState.Ok), change);
        Assert.Equal(rise + fall - 1, c.Result);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(5, 4)]
    public void First_failure_goes_ko_at_once_ignoring_fall(int rise, int fall)
    {
        var c = ScriptCounter.Create(rise, fall);
        var change = c.Record(false);
        Assert.Equal(new ScriptStateChange(ScriptState.Init, ScriptState.Ko), change);
        Assert.Equal(0, c.Result);
        Assert.Equal(ScriptPhase.Done, c.Phase);
    }

    [Fact]
    public void After_the_first_result_rise_applies()
    {
        var c = ScriptCounter.Create(rise: 3, fall: 2);
        c.Record(false);
        Assert.False(c.Record(true).IsTransition);
        Assert.False(c.Record(true).IsTransition);
        Assert.Equal(ScriptState.Ko, c.State);
        Assert.Equal(new ScriptStateChange(ScriptState.Ko, ScriptState.Ok), c.Record(true));
        Assert.Equal(4, c.Result);
    }

    [Fact]
    public void Init_fail_starts_ko_at_zero_and_needs_rise_successes()
    {
        var c = ScriptCounter.Create(rise: 3, fall: 2, initFail: true);
        Assert.Equal(ScriptState.Ko, c.State);
        Assert.Equal(0, c.Result);
        Assert.False(c.Record(true).IsTransition);
        Assert.False(c.Record(true).IsTransition);
        Assert.Equal(ScriptState.Ko, c.State);
        Assert.True(c.Record(true).IsTransition);
        Assert.Equal(ScriptState.Ok, c.State);
    }

    [Fact]
    public void A_success_in_ok_refills_the_fall_budget()
    {
        var c = ScriptCounter.Create(rise: 2, fall: 3);
        c.Record(true);
        c.Record(false);
        c.Record(false);
        Assert.Equal(2, c.Result);
        Assert.False(c.Record(true).IsTransition);
        Assert.Equal(4, c.Result);
    }

    [Fact]
    public void Rise_and_fall_of_one_flip_on_every_opposite_result()
    {
        var c = ScriptCounter.Create(rise: 1, fall: 1);
        Assert.True(c.Record(true).IsTransition);
        Assert.Equal(1, c.Result);
        Assert.Equal(new ScriptStateChange(ScriptState.Ok, ScriptState.Ko), c.Record(false));
        Assert.Equal(0, c.Result);
        Assert.False(c.Record(false).IsTransition);
        Assert.Equal(new ScriptStateChange(ScriptState.Ko, ScriptState.Ok), c.Record(true));
    }

    [Fact]
    public void Rise_or_fall_below_one_is_a_caller_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScriptCounter.Create(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScriptCounter.Create(1, 0));
    }

    [Fact]
    public void From_ok_exactly_fall_consecutive_failures_and_from_ko_exactly_rise_successes_flip()
    {
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Bool.Array[0, 40]).Sample((rise, fall, history) =>
        {
            var c = ScriptCounter.Create(rise, fall);
            c.Record(true);
            foreach (var r in history)
            {
                c.Record(r);
            }

            Assert.InRange(c.Result, 0, rise + fall - 1);
            if (c.State == ScriptState.Ok)
            {
                // A success refills the budget, then F-1 failures keep OK and the F-th flips.
                c.Record(true);
                for (int i = 1; i < fall; i++)
                {
                    Assert.False(c.Record(false).IsTransition);
                }

                Assert.Equal(new ScriptStateChange(ScriptState.Ok, ScriptState.Ko), c.Record(false));
            }
            else
            {
                c.Record(false);
                for (int i = 1; i < rise; i++)
                {
                    Assert.False(c.Record(true).IsTransition);
                }

                Assert.Equal(new ScriptStateChange(ScriptState.Ko, ScriptState.Ok), c.Record(true));
            }
        });
    }
}
