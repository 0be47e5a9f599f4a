using Vigil.Engine.Status;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Hosting;

/// <summary>Feeds <see cref="ScriptRunRecorder"/> from successive snapshots when the driver does not report each
/// completion itself: a script whose run count went up by one finished exactly the run the snapshot describes.
/// When several runs finished between two looks, only the last one's result and time are known; the others are
/// counted in <see cref="UnattributedRuns"/> rather than guessed.</summary>
public sealed class ScriptRunInference(ScriptRunRecorder recorder)
{
    private readonly Dictionary<string, long> _seenRuns = new(StringComparer.Ordinal);

    public long UnattributedRuns { get; private set; }

    public void Observe(IReadOnlyList<ScriptStatus> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        foreach (var s in scripts)
        {
            var known = _seenRuns.TryGetValue(s.Name, out var before);
            _seenRuns[s.Name] = s.Runs;
            if (!known || s.Runs <= before || s.LastOutcome is null)
                continue; // first sight (runs before we looked are history), or a reload reset the count
            recorder.Record(s.Name, ResultOf(s), TimeSpan.FromMilliseconds(s.LastDurationMs ?? 0));
            UnattributedRuns += s.Runs - before - 1;
        }
    }

    private static string ResultOf(ScriptStatus s) => s.LastOutcome switch
    {
        "exited" when s.LastExitStatus == 0 => "success",
        "exited" or "signaled" => "failure",
        "timed_out" => "timeout",
        _ => "error",
    };
}
