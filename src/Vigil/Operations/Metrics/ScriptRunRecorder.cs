using Vigil.Engine.Events;

namespace Vigil.Operations.Metrics;

/// <summary>Counts every script run by result and times it, for <c>vigil_script_runs_total{name,result}</c> and the
/// <c>vigil_script_duration_seconds{name}</c> histogram. A snapshot only carries the last run; these need every
/// one, so the driver reports each completion here. Thread-safe: completions arrive on the driver's loop, scrapes
/// on the HTTP server's.</summary>
public sealed class ScriptRunRecorder
{
    /// <summary>The fixed set of result labels (a fixed set keeps series from churning).</summary>
    public static readonly string[] Results = ["success", "failure", "timeout", "error"];

    private readonly Dictionary<string, Entry> _scripts = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Record(ScriptCompletion completion) =>
        Record(completion.Script, ResultOf(completion), completion.Duration);

    public void Record(string script, string result, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(script);
        var index = Array.IndexOf(Results, result);
        if (index < 0)
            throw new ArgumentException($"unknown script result '{result}'", nameof(result));
        Entry entry;
        lock (_gate)
        {
            if (!_scripts.TryGetValue(script, out entry!))
                _scripts[script] = entry = new Entry();
            entry.Runs[index]++;
        }
        entry.Durations.Observe(duration.TotalSeconds);
    }

    /// <summary>Runs per result (in <see cref="Results"/> order) and the duration histogram; zeros for a script that
    /// has not completed a run yet.</summary>
    public (long[] Runs, HistogramData Durations) Snapshot(string script)
    {
        lock (_gate)
        {
            return _scripts.TryGetValue(script, out var entry)
                ? ([.. entry.Runs], entry.Durations.Snapshot())
                : (new long[Results.Length], new Histogram(Histogram.ScriptDurationBounds).Snapshot());
        }
    }

    public static string ResultOf(ScriptCompletion completion) => completion.Outcome switch
    {
        ScriptOutcome.Exited when completion.ExitCode == 0 => "success",
        ScriptOutcome.Exited or ScriptOutcome.Signaled => "failure",
        ScriptOutcome.TimedOut => "timeout",
        _ => "error",
    };

    private sealed class Entry
    {
        public long[] Runs { get; } = new long[Results.Length];

        public Histogram Durations { get; } = new(Histogram.ScriptDurationBounds);
    }
}
