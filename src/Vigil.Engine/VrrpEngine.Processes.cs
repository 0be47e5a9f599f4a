using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    private readonly Dictionary<string, int> _processCounts = new(StringComparer.Ordinal);

    /// <summary>Counts of matching processes from a scan of /proc, one per tracked vrrp_track_process, for the next
    /// <see cref="Load"/>: given before the first load (so a weight-0 tracker never flaps through FAULT at start-up)
    /// and before each reload (the rescan made with the new patterns). The load applies them at once, without
    /// delays; until then nothing moves, so an old tracker never sees a count computed for a new definition.</summary>
    public void OnProcessCounts(IReadOnlyDictionary<string, int> counts, MonotonicTime now)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Touch();
        _processCounts.Clear();
        foreach (var (name, count) in counts)
        {
            _processCounts[name] = Math.Max(0, count);
        }
    }

    /// <summary>One process started (<paramref name="delta"/> +1) or stopped (-1) matching the track_process
    /// <paramref name="name"/>; the cause picks the delay (fork_delay, terminate_delay, or none).</summary>
    public void OnProcessChanged(string name, int delta, ProcessCause cause, MonotonicTime now)
    {
        Touch();
        _processCounts[name] = Math.Max(0, _processCounts.GetValueOrDefault(name) + delta);
        if (!IsStopped)
        {
            bool? wasUp = _tracking.FindProcess(name)?.Up;
            ReportProcessState(name, wasUp, _tracking.ReportProcessChange(name, delta, cause, now), now);
        }
    }

    /// <summary>Ends the process trackers' delays that are due (called from <see cref="OnTimer"/>).</summary>
    private void ServiceProcessTimers(MonotonicTime now)
    {
        if (_tracking.NextProcessDeadline > now)
        {
            return;
        }

        var changed = new List<string>();
        var update = _tracking.ProcessTimers(now, changed);
        foreach (var name in changed)
        {
            LogQuorum(name);
        }

        ApplyTracking(update, now);
    }

    private void ReportProcessState(string name, bool? wasUp, TrackingUpdate update, MonotonicTime now)
    {
        if (wasUp is { } before && _tracking.FindProcess(name) is { } p && p.Up != before)
        {
            LogQuorum(name);
        }

        ApplyTracking(update, now);
    }

    private void LogQuorum(string name)
    {
        if (_tracking.FindProcess(name) is { } p)
        {
            Logs.Tracking.ProcessQuorum(p.Up ? "gained" : "lost", name);
        }
    }

    /// <summary>Declares every tracked vrrp_track_process. A reload keeps the counter of a tracker whose definition
    /// is unchanged (its count, state and running delay); any other starts from the last scan's count.</summary>
    private void DeclareProcesses(
        VigilConfig config,
        TrackingTable table,
        TrackingTable? previous,
        VigilConfig? previousConfig,
        MonotonicTime now)
    {
        foreach (var tp in config.TrackProcesses)
        {
            if (!tp.Tracked || table.FindProcess(tp.Name) is not null)
            {
                continue;
            }

            var old = previousConfig?.TrackProcesses.FirstOrDefault(p => p.Name == tp.Name);
            if (old is not null && SameProcessDefinition(old, tp) && previous?.FindProcess(tp.Name) is { } kept)
            {
                // The rescan's count is the truth; a delay still running is kept when it still matters.
                if (_processCounts.TryGetValue(tp.Name, out var count) && count != kept.Count)
                {
                    kept.Resync(count, now);
                }

                table.DeclareProcess(tp.Name, kept);
                continue;
            }

            table.DeclareProcess(tp.Name, ProcessCounter.Create(tp.Quorum, tp.QuorumMax,
                TimeSpan.FromMilliseconds(tp.ForkDelayMs), TimeSpan.FromMilliseconds(tp.TerminateDelayMs),
                _processCounts.GetValueOrDefault(tp.Name)));
        }
    }

    /// <summary>Everything that decides the count and the state; weight and reverse belong to each relation.</summary>
    public static bool SameProcessDefinition(TrackProcessConfig a, TrackProcessConfig b) =>
        a.Process == b.Process && a.Parameters.SequenceEqual(b.Parameters) && a.ParamMatch == b.ParamMatch
        && a.FullCommand == b.FullCommand && a.Quorum == b.Quorum && a.QuorumMax == b.QuorumMax
        && a.ForkDelayMs == b.ForkDelayMs && a.TerminateDelayMs == b.TerminateDelayMs;

    /// <summary>The matching rule of one vrrp_track_process, for the process monitor.</summary>
    public static ProcessPattern PatternOf(TrackProcessConfig tp) => new(
        tp.Process ?? string.Empty,
        tp.Parameters,
        tp.ParamMatch switch
        {
            "partial" => ProcessParamMatch.Partial,
            "initial" => ProcessParamMatch.Initial,
            _ => ProcessParamMatch.Exact
        },
        tp.FullCommand,
        tp.ParamMatch is "partial" or "initial");

    /// <summary>The tracked vrrp_track_process patterns of a configuration, by name (what the monitor
    /// watches).</summary>
    public static Dictionary<string, ProcessPattern> ProcessPatterns(VigilConfig config)
    {
        var patterns = new Dictionary<string, ProcessPattern>(StringComparer.Ordinal);
        foreach (var tp in config.TrackProcesses)
        {
            if (tp.Tracked && tp.Process is not null)
            {
                patterns.TryAdd(tp.Name, PatternOf(tp));
            }
        }

        return patterns;
    }
}
