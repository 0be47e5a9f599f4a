namespace Vigil.Core.Tracking;

/// <summary>
/// Which running processes match which track_process, kept from process events: the adapter reads /proc (or
/// receives the kernel's events) and feeds plain values here; the table answers with per-tracker deltas. Only
/// processes that match something are remembered. Not thread-safe: the adapter serialises its calls.
/// </summary>
public sealed class ProcessTable
{
    private static readonly string[] None = [];
    private readonly Dictionary<int, string[]> _matches = [];
    private readonly KeyValuePair<string, ProcessPattern>[] _patterns;

    public ProcessTable(IReadOnlyDictionary<string, ProcessPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns.OrderBy(p => p.Key, StringComparer.Ordinal)];
        NeedsCommandLine = _patterns.Any(p => p.Value.UsesCommandLine);
    }

    /// <summary>True when some pattern needs /proc/PID/cmdline; otherwise the name alone decides.</summary>
    public bool NeedsCommandLine { get; }

    public IEnumerable<string> Trackers => _patterns.Select(p => p.Key);

    /// <summary>The processes remembered (those matching at least one tracker).</summary>
    public int TrackedProcesses => _matches.Count;

    public bool IsTracked(int pid) => _matches.ContainsKey(pid);

    /// <summary>The number of processes matching each tracker now.</summary>
    public Dictionary<string, int> Counts()
    {
        var counts = _patterns.ToDictionary(p => p.Key, _ => 0, StringComparer.Ordinal);
        foreach (var set in _matches.Values)
        {
            foreach (var name in set)
            {
                counts[name]++;
            }
        }

        return counts;
    }

    /// <summary>Forgets everything (before a fresh scan).</summary>
    public void Clear() => _matches.Clear();

    /// <summary>A process seen with this name and command line (a scan, an exec, a poll): it now matches what
    /// its name and command line match. Returns the trackers it joined or left.</summary>
    public List<ProcessDelta> Update(int pid, string comm, IReadOnlyList<string> commandLine, ProcessCause cause)
    {
        var now = Match(comm, commandLine, null);
        return Replace(pid, now, cause);
    }

    /// <summary>The process renamed itself: name patterns are decided again; command-line patterns keep their
    /// verdict (the command line did not change).</summary>
    public List<ProcessDelta> Rename(int pid, string comm)
    {
        _matches.TryGetValue(pid, out var before);
        var now = Match(comm, [], before ?? None);
        return Replace(pid, now, ProcessCause.Comm);
    }

    /// <summary>A process forked: the child runs the parent's program, so it matches what the parent matches.</summary>
    public List<ProcessDelta> Fork(int parentPid, int childPid)
    {
        if (!_matches.TryGetValue(parentPid, out var parent))
        {
            return Replace(childPid, None, ProcessCause.Fork);
        }

        return Replace(childPid, parent, ProcessCause.Fork);
    }

    /// <summary>The process is gone.</summary>
    public List<ProcessDelta> Exit(int pid) => Replace(pid, None, ProcessCause.Exit);

    private string[] Match(string comm, IReadOnlyList<string> commandLine, string[]? keepCommandLineVerdicts)
    {
        List<string>? names = null;
        foreach (var (name, pattern) in _patterns)
        {
            bool match = keepCommandLineVerdicts is not null && pattern.UsesCommandLine
                ? Array.IndexOf(keepCommandLineVerdicts, name) >= 0
                : pattern.Matches(comm, commandLine);
            if (match)
            {
                (names ??= []).Add(name);
            }
        }

        return names is null ? None : [.. names];
    }

    private List<ProcessDelta> Replace(int pid, string[] now, ProcessCause cause)
    {
        var before = _matches.GetValueOrDefault(pid) ?? None;
        if (now.Length == 0)
        {
            _matches.Remove(pid);
        }
        else
        {
            _matches[pid] = now;
        }

        var deltas = new List<ProcessDelta>();
        foreach (var name in before)
        {
            if (Array.IndexOf(now, name) < 0)
            {
                deltas.Add(new ProcessDelta(name, -1, cause));
            }
        }

        foreach (var name in now)
        {
            if (Array.IndexOf(before, name) < 0)
            {
                deltas.Add(new ProcessDelta(name, +1, cause));
            }
        }

        return deltas;
    }
}
