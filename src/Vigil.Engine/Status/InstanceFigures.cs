using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

/// <summary>
/// What <c>/metrics</c> shows of one instance: numbers, and references to text that only a reload changes. The loop
/// copies them into a buffer that the metrics side keeps from scrape to scrape (<see cref="VrrpEngine.CopyFigures"/>),
/// so a scrape allocates nothing per instance; a full <see cref="InstanceStatus"/> is about 800 bytes, 3.2 MB of
/// garbage a scrape at 4,000 instances. A mutable struct on purpose: it is overwritten in place.
/// </summary>
public struct InstanceFigures
{
    public string Name;
    public string Interface;
    public byte Vrid;
    public VrrpState State;
    public int BasePriority;
    public int EffectivePriority;
    public MonotonicTime LastTransitionAt;
    public long AdvertsReceived;
    public long AdvertsSent;
    public long BecomeMaster;
    public long ReleaseMaster;
    public long PriorityZeroReceived;
    public long PriorityZeroSent;
    public long LowerPriorityAnswersSuppressed;
    public long FastHandovers;
    public long VipsRestored;
    public long LogLinesSuppressed;
    public long AuthHmacVerified;
    public long AuthHmacUnsignedAccepted;

    /// <summary>Drop counts by reason name, only the reasons seen (most instances share one empty map).</summary>
    public IReadOnlyDictionary<string, long> Dropped;

    /// <summary>The VIPs as text, made once per configuration.</summary>
    public IReadOnlyList<string> VirtualIpAddresses;

    /// <summary>Each tracker's kind, name and contribution now; the array is reused while the count stays.</summary>
    public TrackerFigure[] Trackers;

    /// <summary>The figures of a full status record (for callers that have one, such as tests).</summary>
    public static InstanceFigures From(InstanceStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var c = s.Counters;
        return new InstanceFigures
        {
            Name = s.Name,
            Interface = s.Interface,
            Vrid = s.Vrid,
            State = s.State,
            BasePriority = s.BasePriority,
            EffectivePriority = s.EffectivePriority,
            LastTransitionAt = s.LastTransitionAt,
            AdvertsReceived = c.AdvertsReceived,
            AdvertsSent = c.AdvertsSent,
            BecomeMaster = c.BecomeMaster,
            ReleaseMaster = c.ReleaseMaster,
            PriorityZeroReceived = c.PriorityZeroReceived,
            PriorityZeroSent = c.PriorityZeroSent,
            LowerPriorityAnswersSuppressed = c.LowerPriorityAnswersSuppressed,
            FastHandovers = c.FastHandovers,
            VipsRestored = c.VipsRestored,
            LogLinesSuppressed = c.LogLinesSuppressed,
            AuthHmacVerified = c.AuthHmacVerified,
            AuthHmacUnsignedAccepted = c.AuthHmacUnsignedAccepted,
            Dropped = c.Dropped,
            VirtualIpAddresses = s.VirtualIpAddresses,
            Trackers = s.Trackers.Select(t => new TrackerFigure(t.Kind, t.Name, t.Contribution)).ToArray(),
        };
    }
}

/// <summary>One tracker of an instance as <c>vigil_tracker_contribution</c> shows it.</summary>
public readonly record struct TrackerFigure(string Kind, string Name, int Contribution);
