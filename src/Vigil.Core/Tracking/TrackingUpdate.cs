using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>The result of one tracker event: the script's own transition (for script results; default
/// otherwise) and every instance whose total, effective priority or fault set moved.</summary>
public sealed record TrackingUpdate(ScriptStateChange Script, IReadOnlyList<InstanceChange> Instances)
{
    public static readonly TrackingUpdate Nothing = new(default, []);

    private static readonly int StateCount = Enum.GetValues<ScriptState>().Length;

    // One per (from, to) pair of script states: most script results move no instance, and 200 scripts a second
    // must not allocate an update each (every collection brings megabytes of the binary back into memory).
    // Declared after StateCount, which its initialiser reads.
    private static readonly TrackingUpdate[] s_scriptOnly = BuildScriptOnly();

    /// <summary>The update for a script result that moved no instance; shared, never allocated.</summary>
    public static TrackingUpdate ScriptOnly(ScriptStateChange change) =>
        s_scriptOnly[((int)change.From * StateCount) + (int)change.To];

    private static TrackingUpdate[] BuildScriptOnly()
    {
        var all = new TrackingUpdate[StateCount * StateCount];
        for (int from = 0; from < StateCount; from++)
        {
            for (int to = 0; to < StateCount; to++)
            {
                all[(from * StateCount) + to] = new(new((ScriptState)from, (ScriptState)to), []);
            }
        }

        return all;
    }
}
