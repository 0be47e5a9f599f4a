namespace Vigil.Core.Tracking;

/// <summary>
/// Every tracked thing of a daemon (scripts, interfaces, files) and every instance's trackers. Pure and
/// single-threaded: the engine declares scripts and files, adds instances and their trackers from plain
/// parameters, then feeds script results, link changes and file values and gets back what moved.
/// </summary>
public sealed class TrackingTable
{
    private readonly Dictionary<string, ScriptCounter> _scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkSource> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileSource> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProcessCounter> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstanceTracking> _instances = new(StringComparer.Ordinal);
    private readonly List<InstanceTracking> _instanceOrder = [];

    public IReadOnlyDictionary<string, ScriptCounter> Scripts => _scripts;

    public IReadOnlyList<InstanceTracking> Instances => _instanceOrder;

    /// <summary>Declares a script at daemon start (INIT, or KO with <paramref name="initFail"/>).</summary>
    public ScriptCounter DeclareScript(string name, int rise = 1, int fall = 1, bool initFail = false) =>
        DeclareScript(name, ScriptCounter.Create(rise, fall, initFail));

    /// <summary>Declares a script with a counter built by the caller, e.g. <see cref="ScriptCounter.CarryOver"/>
    /// or <see cref="ScriptCounter.CreateAtReload"/> when building the table of a reloaded configuration.</summary>
    public ScriptCounter DeclareScript(string name, ScriptCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        if (!_scripts.TryAdd(name, counter))
        {
            throw new InvalidOperationException($"script {name} is already declared");
        }

        return counter;
    }

    /// <summary>Declares a script of a reloaded configuration: an unchanged script (same name and definition,
    /// judged by the caller) found in <paramref name="previous"/> keeps its state; any other starts INIT
    /// without dragging its instances through FAULT.</summary>
    public ScriptCounter DeclareScriptAtReload(string name, int rise, int fall, bool initFail,
        TrackingTable? previous, bool definitionUnchanged)
    {
        var old = definitionUnchanged ? previous?.FindScript(name) : null;
        return DeclareScript(name, old is null
            ? ScriptCounter.CreateAtReload(rise, fall, initFail)
            : ScriptCounter.CarryOver(old, rise, fall));
    }

    /// <summary>Declares a track_file with its current value (a missing or empty file is 0).</summary>
    public void DeclareFile(string name, int value = 0)
    {
        if (!_files.TryAdd(name, new FileSource(name, value)))
        {
            throw new InvalidOperationException($"track_file {name} is already declared");
        }
    }

    /// <summary>Declares a vrrp_track_process with its counter (built from the start-up scan, or carried over
    /// from the previous table by a reload).</summary>
    public ProcessCounter DeclareProcess(string name, ProcessCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        if (!_processes.TryAdd(name, counter))
        {
            throw new InvalidOperationException($"track_process {name} is already declared");
        }

        return counter;
    }

    public ProcessCounter? FindProcess(string name) => _processes.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, ProcessCounter> Processes => _processes;

    /// <summary>The earliest end of a process tracker's delay; <see cref="Primitives.MonotonicTime.Never"/> if
    /// none.</summary>
    public Primitives.MonotonicTime NextProcessDeadline
    {
        get
        {
            var next = Primitives.MonotonicTime.Never;
            foreach (var p in _processes.Values)
            {
                next = Primitives.MonotonicTime.Min(next, p.PendingUntil);
            }

            return next;
        }
    }

    /// <summary>One process started or stopped matching a track_process. Undeclared trackers are ignored.</summary>
    public TrackingUpdate ReportProcessChange(
        string name,
        int delta,
        ProcessCause cause,
        Primitives.MonotonicTime now) =>
        _processes.TryGetValue(name, out var p) && p.Change(delta, cause, now) ? Moved(p) : TrackingUpdate.Nothing;

    /// <summary>A fresh count from a scan of /proc, applied at once.</summary>
    public TrackingUpdate ReportProcessCount(string name, int count, Primitives.MonotonicTime now) =>
        _processes.TryGetValue(name, out var p) && p.Resync(count, now) ? Moved(p) : TrackingUpdate.Nothing;

    /// <summary>Ends the process trackers' delays that are due; returns what moved and the trackers whose state
    /// changed (for the log).</summary>
    public TrackingUpdate ProcessTimers(Primitives.MonotonicTime now, List<string>? changed = null)
    {
        List<InstanceChange>? all = null;
        foreach (var (name, p) in _processes)
        {
            if (p.PendingUntil <= now && p.OnTimer(now))
            {
                changed?.Add(name);
                (all ??= []).AddRange(Moved(p).Instances);
            }
        }

        return all is null ? TrackingUpdate.Nothing : new TrackingUpdate(default, all);
    }

    private TrackingUpdate Moved(ProcessCounter p) => new(default, RecomputeWhere(t => t.Watches(p)));

    /// <summary>The table is complete (a load has added every instance and tracker): gives back the room its
    /// tables and lists grew into while it was built, half their size on average (the name table of 1,000 instances
    /// had grown room for 1,931). Adding more afterwards still works; it grows them again.</summary>
    public void TrimExcess()
    {
        _instances.TrimExcess();
        _instanceOrder.TrimExcess();
        foreach (var instance in _instanceOrder)
        {
            instance.TrimExcess();
        }
    }

    /// <summary>Adds an instance with its configured priority (1..255). Trackers are added on the result.</summary>
    public InstanceTracking AddInstance(string name, int basePriority)
    {
        var instance = new InstanceTracking(this, name, basePriority);
        if (!_instances.TryAdd(name, instance))
        {
            throw new InvalidOperationException($"instance {name} is already added");
        }

        _instanceOrder.Add(instance);
        return instance;
    }

    public InstanceTracking? FindInstance(string name) => _instances.GetValueOrDefault(name);

    public ScriptCounter? FindScript(string name) => _scripts.GetValueOrDefault(name);

    /// <summary>An interface nobody has reported yet is taken as up: the engine reports real link states at
    /// start-up, before the instances leave INIT.</summary>
    public bool IsInterfaceUp(string ifName) => !_links.TryGetValue(ifName, out var link) || link.Up;

    public int? FileValue(string name) => _files.TryGetValue(name, out var f) ? f.Value : null;

    /// <summary>Feeds one finished run of a script. Unknown scripts are ignored.</summary>
    public TrackingUpdate ReportScriptResult(string script, bool success)
    {
        if (!_scripts.TryGetValue(script, out var counter))
        {
            return TrackingUpdate.Nothing;
        }

        // A script's contribution depends only on its state and phase (Contribution.ForScript). Most results
        // move neither (a healthy script stays OK), and then no instance can change: skip the scan of every
        // instance, which 200 scripts a second beside 1,000 instances made most of the loop's work.
        var (state, phase) = (counter.State, counter.Phase);
        var change = counter.Record(success);
        if (counter.State == state && counter.Phase == phase)
        {
            return TrackingUpdate.ScriptOnly(change);
        }

        return Moved(counter, change);
    }

    // Apart from ReportScriptResult so that the closure over the counter is only allocated when an instance may
    // move, not on every result.
    private TrackingUpdate Moved(ScriptCounter counter, ScriptStateChange change) =>
        new(change, RecomputeWhere(t => t.Watches(counter)));

    /// <summary>Feeds a link state (up = IFF_UP and IFF_RUNNING). Interfaces nobody tracks are remembered.</summary>
    public TrackingUpdate ReportLink(string ifName, bool up)
    {
        var link = Link(ifName);
        if (link.Up == up)
        {
            return TrackingUpdate.Nothing;
        }

        link.Up = up;
        return new TrackingUpdate(default, RecomputeWhere(t => t.Watches(link)));
    }

    /// <summary>Feeds a new value read from a track_file. Undeclared files are ignored.</summary>
    public TrackingUpdate ReportFileValue(string file, int value)
    {
        if (!_files.TryGetValue(file, out var source) || source.Value == value)
        {
            return TrackingUpdate.Nothing;
        }

        source.Value = value;
        return new TrackingUpdate(default, RecomputeWhere(t => t.Watches(source)));
    }

    internal LinkSource Link(string ifName)
    {
        if (!_links.TryGetValue(ifName, out var link))
        {
            link = new LinkSource(ifName, up: true);
            _links.Add(ifName, link);
        }

        return link;
    }

    internal FileSource? FindFile(string name) => _files.GetValueOrDefault(name);

    private IReadOnlyList<InstanceChange> RecomputeWhere(Func<Tracker, bool> watches)
    {
        List<InstanceChange>? changes = null;
        foreach (var instance in _instanceOrder)
        {
            if (instance.Watches(watches) && instance.Recompute() is { } change)
            {
                (changes ??= []).Add(change);
            }
        }

        return changes is null ? [] : changes;
    }
}
