using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>
/// The trackers of one VRRP instance and the priority they produce: base (configured), the unclamped total
/// (base plus every contribution), the effective priority (clamp(total, 1, 254); an owner stays at 255) and
/// the set of fault reasons. Created by <see cref="TrackingTable.AddInstance"/>; trackers are added through it.
/// </summary>
public sealed class InstanceTracking
{
    private readonly TrackingTable _table;
    private readonly List<Tracker> _trackers = [];
    private IReadOnlyList<FaultReason> _faults = [];

    internal InstanceTracking(TrackingTable table, string name, int basePriority)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(basePriority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basePriority, Priority.Owner.Value);
        _table = table;
        Name = name;
        BasePriority = Priority.FromInt32(basePriority);
        TotalPriority = basePriority;
        EffectivePriority = BasePriority;
    }

    public string Name { get; }

    public Priority BasePriority { get; }

    /// <summary>Priority 255: the address owner, never changed by trackers.</summary>
    public bool IsOwner => BasePriority.IsOwner;

    /// <summary>Base plus every tracker's contribution, unclamped (so sums stay exact as trackers return).</summary>
    public int TotalPriority { get; private set; }

    /// <summary>What goes on the wire.</summary>
    public Priority EffectivePriority { get; private set; }

    /// <summary>Every reason the instance is in FAULT now, in tracker order; empty when healthy.</summary>
    public IReadOnlyList<FaultReason> FaultReasons => _faults;

    public bool IsFaulted => _faults.Count > 0;

    /// <summary>Faulted only by weight-0 scripts still in INIT: held in FAULT without notifications.</summary>
    public bool IsSilentFault => _faults.Count > 0 && _faults.All(f => f.Silent);

    public IReadOnlyList<Tracker> Trackers => _trackers;

    /// <summary>Each tracker with its state and contribution, for status and --explain.</summary>
    public IReadOnlyList<TrackerReading> TrackerReadings => _trackers.Select(t => t.Reading).ToArray();

    /// <summary>Tracks a declared script with this relation's weight (-254..254) and reverse flag. Returns
    /// false (nothing added) when the script is undeclared or already tracked here: keepalived warns and
    /// ignores both.</summary>
    public bool TrackScript(string script, int weight = 0, bool reverse = false)
    {
        ValidateWeight(weight);
        var counter = _table.FindScript(script);
        if (counter is null || _trackers.Exists(t => t.Kind == TrackerKind.Script && t.Name == script))
        {
            return false;
        }

        Add(Tracker.ForScript(script, counter, weight, reverse));
        return true;
    }

    /// <summary>Tracks an interface (up = IFF_UP and IFF_RUNNING). <paramref name="primary"/> marks the
    /// instance's own interface, tracked with weight 0. Returns false when already tracked.</summary>
    public bool TrackInterface(string ifName, int weight = 0, bool reverse = false, bool primary = false)
    {
        ValidateWeight(weight);
        if (_trackers.Exists(t => t.Kind == TrackerKind.Interface && t.Name == ifName))
        {
            return false;
        }

        Add(Tracker.ForInterface(_table.Link(ifName), weight, reverse, primary));
        return true;
    }

    /// <summary>Tracks a declared track_file: contribution = value x weight. Returns false when undeclared
    /// or already tracked.</summary>
    public bool TrackFile(string file, int weight = 1, bool reverse = false)
    {
        ValidateWeight(weight);
        var source = _table.FindFile(file);
        if (source is null || _trackers.Exists(t => t.Kind == TrackerKind.File && t.Name == file))
        {
            return false;
        }

        Add(Tracker.ForFile(source, weight, reverse));
        return true;
    }

    /// <summary>Tracks a declared vrrp_track_process: up while its count is within quorum. Returns false when
    /// undeclared or already tracked.</summary>
    public bool TrackProcess(string process, int weight = 0, bool reverse = false)
    {
        ValidateWeight(weight);
        var counter = _table.FindProcess(process);
        if (counter is null || _trackers.Exists(t => t.Kind == TrackerKind.Process && t.Name == process))
        {
            return false;
        }

        Add(Tracker.ForProcess(process, counter, weight, reverse));
        return true;
    }

    /// <summary>Raises or clears an engine-owned fault condition ("no source address", "duplicate vrid"...).
    /// Returns the change, or null when nothing moved.</summary>
    public InstanceChange? SetCondition(string name, bool active)
    {
        var tracker = _trackers.Find(t => t.Kind == TrackerKind.Condition && t.Name == name);
        if (tracker is null)
        {
            if (!active)
            {
                return null;
            }

            tracker = Tracker.ForCondition(name);
            _trackers.Add(tracker);
        }

        return tracker.SetCondition(active) ? Recompute() : null;
    }

    public override string ToString() =>
        $"{Name}: base {BasePriority}, total {TotalPriority}, effective {EffectivePriority}" +
        (IsFaulted ? $", FAULT ({string.Join(", ", _faults)})" : string.Empty);

    /// <summary>A plain loop: it runs for every instance on every script result, and a lambda around the
    /// predicate would allocate a closure each time.</summary>
    internal bool Watches(Func<Tracker, bool> predicate)
    {
        foreach (var tracker in _trackers)
        {
            if (predicate(tracker))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Recomputes from every tracker; returns what changed, or null.</summary>
    internal InstanceChange? Recompute()
    {
        int total = BasePriority.Value;
        List<FaultReason>? faults = null;
        foreach (var tracker in _trackers)
        {
            var effect = tracker.Effect;
            total += effect.Contribution;
            if (effect.Fault)
            {
                (faults ??= []).Add(new FaultReason(tracker.Kind, tracker.Name, effect.Silent));
            }
        }

        IReadOnlyList<FaultReason> newFaults = faults is null ? [] : faults.ToArray();
        var effective = Priority.Effective(BasePriority, total);
        // The steady state (every script result the same as the last) allocates nothing: hundreds a second.
        bool sameFaults = newFaults.Count == _faults.Count
            && (newFaults.Count == 0 || newFaults.SequenceEqual(_faults));
        if (total == TotalPriority && effective == EffectivePriority && sameFaults)
        {
            return null;
        }

        var change = new InstanceChange(this, TotalPriority, total, EffectivePriority, effective, _faults, newFaults);
        TotalPriority = total;
        EffectivePriority = effective;
        _faults = newFaults;
        return change.OldTotal != change.NewTotal || change.EffectivePriorityChanged || change.FaultsChanged
            ? change
            : null;
    }

    /// <summary>Most instances have one or two trackers; the list's first growth leaves room for four.</summary>
    internal void TrimExcess() => _trackers.TrimExcess();

    private void Add(Tracker tracker)
    {
        _trackers.Add(tracker);
        Recompute();
    }

    private static void ValidateWeight(int weight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, -254);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 254);
    }
}
