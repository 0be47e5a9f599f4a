using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

/// <summary>
/// keepalived's vrrp_garp_interval / vrrp_gna_interval and garp_group: a minimum gap between two gratuitous ARPs
/// (and, apart, two unsolicited NAs) sent on one interface, or on all interfaces of one garp_group together (a switch
/// that cannot take a flood). Announcements on an interface with no gap go out at once; the others queue per lane
/// and leave one per gap, the first at the engine's next timer pass. Queued ones of an instance are dropped when it
/// leaves MASTER: a backup must not announce addresses it no longer holds.
/// </summary>
internal sealed class AnnouncePacer
{
    private sealed class Lane(TimeSpan gap)
    {
        public TimeSpan Gap { get; set; } = gap;
        public MonotonicTime NextFree = MonotonicTime.Zero;
        public readonly Queue<Announce> Queue = new();
    }

    private readonly Dictionary<(string Lane, IpFamily Family), Lane> _lanes = [];
    private Dictionary<string, (string Lane, int GarpMs, int GnaMs)> _groups = new(StringComparer.Ordinal);
    private int _defaultGarpMs;
    private int _defaultGnaMs;

    /// <summary>Takes the intervals of a (re)loaded configuration; what is queued stays queued.</summary>
    public void Configure(VigilConfig config)
    {
        _defaultGarpMs = config.Global.GarpIntervalMs;
        _defaultGnaMs = config.Global.GnaIntervalMs;
        _groups = new Dictionary<string, (string, int, int)>(StringComparer.Ordinal);
        for (var g = 0; g < config.GarpGroups.Count; g++)
        {
            var group = config.GarpGroups[g];
            foreach (var name in group.Interfaces)
            {
                _groups.TryAdd(name, ($"garp_group#{g}", group.GarpIntervalMs, group.GnaIntervalMs));
            }
        }

        foreach (var ((lane, family), state) in _lanes)
        {
            state.Gap = GapOfLane(lane, family);
        }
    }

    private TimeSpan GapOfLane(string lane, IpFamily family)
    {
        var ms = _groups.Values.Where(g => g.Lane == lane).Select(g => family == IpFamily.IPv4 ? g.GarpMs : g.GnaMs)
            .DefaultIfEmpty(family == IpFamily.IPv4 ? _defaultGarpMs : _defaultGnaMs).First();
        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>False when the announcement's interface has no gap (send it now); else it is queued, due no earlier
    /// than <paramref name="clock"/> (the latest time the engine has seen: a deadline is never in its past).</summary>
    public bool Queue(Announce announce, MonotonicTime clock)
    {
        var (lane, garpMs, gnaMs) = _groups.TryGetValue(announce.Interface, out var g)
            ? g
            : (announce.Interface, _defaultGarpMs, _defaultGnaMs);
        var ms = announce.Family == IpFamily.IPv4 ? garpMs : gnaMs;
        if (ms <= 0)
        {
            return false;
        }

        var key = (lane, announce.Family);
        if (!_lanes.TryGetValue(key, out var state))
        {
            _lanes[key] = state = new Lane(TimeSpan.FromMilliseconds(ms));
        }

        if (state.Queue.Count == 0 && state.NextFree < clock)
        {
            state.NextFree = clock;
        }

        state.Queue.Enqueue(announce);
        return true;
    }

    /// <summary>The engine learned a later time than the one the waiting lanes were stamped with.</summary>
    public void Stamp(MonotonicTime now)
    {
        foreach (var lane in _lanes.Values)
        {
            if (lane.Queue.Count > 0 && lane.NextFree < now)
            {
                lane.NextFree = now;
            }
        }
    }

    /// <summary>When the next queued announcement may leave (Never when none waits).</summary>
    public MonotonicTime NextDeadline
    {
        get
        {
            var next = MonotonicTime.Never;
            foreach (var lane in _lanes.Values)
            {
                if (lane.Queue.Count > 0)
                {
                    next = MonotonicTime.Min(next, lane.NextFree);
                }
            }

            return next;
        }
    }

    /// <summary>Sends what is due: at most one per lane per gap.</summary>
    public void Release(MonotonicTime now, Action<EngineEffect> emit)
    {
        foreach (var lane in _lanes.Values)
        {
            if (lane.Queue.Count > 0 && lane.NextFree <= now)
            {
                emit(lane.Queue.Dequeue());
                lane.NextFree = now + lane.Gap;
            }
        }
    }

    /// <summary>The instance left MASTER (or stopped): its queued announcements are not sent.</summary>
    public void Cancel(string instance)
    {
        foreach (var lane in _lanes.Values)
        {
            if (lane.Queue.Count == 0)
            {
                continue;
            }

            var keep = lane.Queue.Where(a => a.Instance != instance).ToList();
            lane.Queue.Clear();
            foreach (var a in keep)
            {
                lane.Queue.Enqueue(a);
            }
        }
    }

    /// <summary>Announcements waiting, for status and tests.</summary>
    public int Queued => _lanes.Values.Sum(l => l.Queue.Count);
}
