using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>
/// The contribution table of docs/track-scripts.md section 5, shared by every tracker kind. A tracker is
/// "up" (script OK, link up) or "down"; a positive weight adds while up, a negative one while down, and
/// <c>reverse</c> negates the contribution (weight 0: reverse swaps which side means FAULT).
/// </summary>
public static class Contribution
{
    /// <summary>The file trackers' contribution range; -254 or less means FAULT.</summary>
    public const int FileFaultThreshold = -254;
    public const int FileMaxContribution = 253;

    public static TrackerEffect ForUpDown(bool up, int weight, bool reverse)
    {
        if (weight == 0)
        {
            return up == reverse ? TrackerEffect.Faulted() : TrackerEffect.None;
        }

        bool counts = weight > 0 ? up : !up;
        if (!counts)
        {
            return TrackerEffect.None;
        }

        return new TrackerEffect(reverse ? -weight : weight, false);
    }

    /// <summary>A script tracker: INIT contributes nothing; a weight-0 tracker of a script in start-up INIT
    /// holds the instance in a silent FAULT (a script added by a reload does not).</summary>
    public static TrackerEffect ForScript(ScriptState state, ScriptPhase phase, int weight, bool reverse)
    {
        if (state == ScriptState.Init)
        {
            return weight == 0 && phase == ScriptPhase.Init ? TrackerEffect.Faulted(silent: true) : TrackerEffect.None;
        }

        return ForUpDown(state == ScriptState.Ok, weight, reverse);
    }

    /// <summary>A track_file: value times weight (negated by reverse), clamped to -254..253, where -254 means
    /// FAULT and adds nothing; with weight 0 a non-zero value is FAULT (reverse: a zero value).</summary>
    public static TrackerEffect ForFile(int value, int weight, bool reverse)
    {
        if (weight == 0)
        {
            return (value != 0) != reverse ? TrackerEffect.Faulted() : TrackerEffect.None;
        }

        long product = (long)value * weight * (reverse ? -1 : 1);
        if (product <= FileFaultThreshold)
        {
            return TrackerEffect.Faulted();
        }

        return new TrackerEffect((int)Math.Min(product, FileMaxContribution), false);
    }
}
