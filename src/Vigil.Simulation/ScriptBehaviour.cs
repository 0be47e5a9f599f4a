namespace Vigil.Simulation;

/// <summary>What a simulated <c>vrrp_script</c> does over virtual time: a list of (from, exit status, run
/// duration) steps; the last step at or before a run's start decides it. A duration beyond the script's
/// timeout makes the run time out; exit status -1 means "could not start".</summary>
public sealed class ScriptBehaviour
{
    private readonly List<(TimeSpan From, int Exit, TimeSpan Duration)> _steps =
        [(TimeSpan.Zero, 0, TimeSpan.FromMilliseconds(5))];

    public ScriptBehaviour At(TimeSpan from, int exit, TimeSpan? duration = null)
    {
        _steps.Add((from, exit, duration ?? TimeSpan.FromMilliseconds(5)));
        _steps.Sort((a, b) => a.From.CompareTo(b.From));
        return this;
    }

    public static ScriptBehaviour Succeeding() => new();

    public static ScriptBehaviour Failing() => new ScriptBehaviour().At(TimeSpan.Zero, 1);

    public (int Exit, TimeSpan Duration) RunAt(TimeSpan sinceStart)
    {
        var current = _steps[0];
        foreach (var step in _steps)
        {
            if (step.From <= sinceStart)
            {
                current = step;
            }
        }

        return (current.Exit, current.Duration);
    }

    /// <summary>The moments the outcome may change (disturbances for the invariants).</summary>
    public IEnumerable<TimeSpan> ChangeTimes => _steps.Select(s => s.From);
}
