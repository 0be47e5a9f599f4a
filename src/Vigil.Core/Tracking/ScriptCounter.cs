using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>
/// The result counter of one <c>vrrp_script</c>, exactly as docs/track-scripts.md sections 3 and 4 define it.
/// <c>Result</c> lives in 0..R+F-1; KO while it is below R, OK from R up. One counter per script, shared by
/// every instance that tracks it.
/// </summary>
public sealed class ScriptCounter
{
    private ScriptCounter(int rise, int fall, int result, ScriptPhase phase)
    {
        Rise = rise;
        Fall = fall;
        Result = result;
        Phase = phase;
    }

    public int Rise { get; }

    public int Fall { get; }

    /// <summary>The raw counter, 0..Rise+Fall-1 (shown by <c>vigil status</c>).</summary>
    public int Result { get; private set; }

    public ScriptPhase Phase { get; private set; }

    /// <summary>INIT until the first result, then OK or KO.</summary>
    public ScriptState State =>
        Phase != ScriptPhase.Done ? ScriptState.Init : Result >= Rise ? ScriptState.Ok : ScriptState.Ko;

    /// <summary>A script at daemon start: INIT with result R-1, so its first result decides at once;
    /// with <paramref name="initFail"/> it starts KO at 0 and needs R successes.</summary>
    public static ScriptCounter Create(int rise, int fall, bool initFail = false)
    {
        Validate(rise, fall);
        return initFail
            ? new ScriptCounter(rise, fall, 0, ScriptPhase.Done)
            : new ScriptCounter(rise, fall, rise - 1, ScriptPhase.Init);
    }

    /// <summary>A script that did not exist before a reload: INIT, but with no FAULT drag before its first
    /// result. <c>init_fail</c> still means "start KO".</summary>
    public static ScriptCounter CreateAtReload(int rise, int fall, bool initFail = false)
    {
        Validate(rise, fall);
        return initFail
            ? new ScriptCounter(rise, fall, 0, ScriptPhase.Done)
            : new ScriptCounter(rise, fall, rise - 1, ScriptPhase.InitReload);
    }

    /// <summary>
    /// Carries an unchanged script across a reload into (possibly) new rise/fall values: OK stays OK and KO
    /// stays KO, with the number of opposite results still needed to flip kept, clamped to the new range.
    /// A script still waiting for its first result keeps waiting (in its own INIT flavour).
    /// </summary>
    public static ScriptCounter CarryOver(ScriptCounter old, int rise, int fall)
    {
        ArgumentNullException.ThrowIfNull(old);
        Validate(rise, fall);
        if (old.Phase != ScriptPhase.Done)
        {
            return new ScriptCounter(rise, fall, rise - 1, old.Phase);
        }

        int result;
        if (old.Result >= old.Rise)
        {
            // OK: Result - Rise more failures than one are absorbed before the OK->KO transition.
            int aboveBoundary = old.Result - old.Rise;
            result = rise + Math.Min(aboveBoundary, fall - 1);
        }
        else
        {
            // KO: Rise - Result successes are still needed to reach OK.
            int successesNeeded = old.Rise - old.Result;
            result = Math.Max(rise - successesNeeded, 0);
        }

        return new ScriptCounter(rise, fall, result, ScriptPhase.Done);
    }

    /// <summary>Feeds one run's outcome: <paramref name="success"/> is exit status 0; anything else (non-zero
    /// exit, signal, timeout, exec failure) is a failure. Returns the state before and after.</summary>
    public ScriptStateChange Record(bool success)
    {
        var before = State;
        bool initial = Phase != ScriptPhase.Done;
        if (success)
        {
            if (!initial && Result < Rise - 1)
            {
                Result++;
            }
            else
            {
                // At R-1 (KO or INIT) this is the KO->OK transition; at R.. it refills the fall budget.
                Result = Rise + Fall - 1;
            }
        }
        else
        {
            if (!initial && Result > Rise)
            {
                Result--;
            }
            else
            {
                // At R (OK) or from INIT this is the OK->KO transition; in KO it resets the rise run.
                Result = 0;
            }
        }

        Phase = ScriptPhase.Done;
        return new ScriptStateChange(before, State);
    }

    public override string ToString() => $"{State} (result {Result}, rise {Rise}, fall {Fall})";

    private static void Validate(int rise, int fall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rise, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fall, 1);
    }
}
