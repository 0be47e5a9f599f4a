using System.Text.Json.Serialization;

namespace Vigil.Operations.Status;

// The documents of docs/status-json.md, as the daemon writes them and the CLI reads them back. Keys are the
// snake_case of these names (Json/VigilJsonContext), in declaration order. An explain record adds its fields after
// the ones it shares with status: System.Text.Json writes a derived record's own properties first, so they carry
// [JsonPropertyOrder(1)] (the sort is stable, declaration order holds within each order).

/// <summary><c>vigil status --json</c>.</summary>
public sealed record StatusDocument
{
    public DaemonView Daemon { get; init; } = new();
    public IReadOnlyList<InstanceView> Instances { get; init; } = [];
    public IReadOnlyList<ScriptView> Scripts { get; init; } = [];
    public IReadOnlyList<ProcessView> Processes { get; init; } = [];

    /// <summary>Present only while the daemon keeps no_accept's nftables tables (docs/firewall.md).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FirewallView? Firewall { get; init; }
}

/// <summary><c>vigil status --explain NAME --json</c>: one instance and only the scripts and processes it
/// tracks.</summary>
public sealed record ExplainDocument
{
    public DaemonView Daemon { get; init; } = new();
    public InstanceExplanation Instance { get; init; } = new();
    public IReadOnlyList<ScriptExplanation> Scripts { get; init; } = [];
    public IReadOnlyList<ProcessView> Processes { get; init; } = [];

    /// <summary>As in status, present only while the daemon keeps no_accept's tables.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FirewallView? Firewall { get; init; }
}

public sealed record DaemonView
{
    public string Version { get; init; } = "";
    public int Pid { get; init; }
    public string Config { get; init; } = "";
    public string StartedAt { get; init; } = "";
    public string? ConfigLoadedAt { get; init; }
}

/// <summary>The fields status and explain share; generic in the tracker so explain's trackers carry theirs.</summary>
public abstract record InstanceFields<TTracker>
    where TTracker : TrackerView
{
    public string Name { get; init; } = "";
    public string State { get; init; } = "";
    public int Vrid { get; init; }
    public string Interface { get; init; } = "";
    public string Family { get; init; } = "";
    public int Version { get; init; }
    public int BasePriority { get; init; }
    public int EffectivePriority { get; init; }
    public int AdvertIntervalMs { get; init; }
    public int MasterDownIntervalMs { get; init; }
    public string? MasterAddress { get; init; }
    public string LastTransitionAt { get; init; } = "";
    public IReadOnlyList<string> VirtualIpaddresses { get; init; } = [];

    /// <summary>Only for a no_accept non-owner: the addresses it has in the firewall's drop set (its VIPs while MASTER,
    /// else none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FirewallDrops { get; init; }
    /// <summary>virtual_routes / virtual_rules as ip route / ip rule text; absent when the instance has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? VirtualRoutes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? VirtualRules { get; init; }

    /// <summary>Whether they are in the kernel now (only while MASTER); absent when the instance has none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? RoutesInstalled { get; init; }

    public IReadOnlyList<string> FaultReasons { get; init; } = [];
    public IReadOnlyList<TTracker> Trackers { get; init; } = [];
    public CountersView Counters { get; init; } = new();

    /// <summary>Present only for an instance with use_vmac.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VmacView? Vmac { get; init; }
}

/// <summary>An instance's VMAC interface (use_vmac): ifindex 0 while it does not exist.</summary>
public sealed record VmacView
{
    public string Name { get; init; } = "";
    public int Ifindex { get; init; }
    public string Mac { get; init; } = "";
    public string BaseInterface { get; init; } = "";
    public string AdvertInterface { get; init; } = "";
    public bool XmitBase { get; init; }
    public long Errors { get; init; }
    public string? LastError { get; init; }
}

public sealed record InstanceView : InstanceFields<TrackerView>;

/// <summary>An instance with everything that decides its priority and state.</summary>
public sealed record InstanceExplanation : InstanceFields<TrackerExplanation>
{
    [JsonPropertyOrder(1)]
    public int TotalPriority { get; init; }
    [JsonPropertyOrder(1)]
    public string? Clamp { get; init; }
    [JsonPropertyOrder(1)]
    public string Reason { get; init; } = "";
    [JsonPropertyOrder(1)]
    public bool Preempt { get; init; }
    [JsonPropertyOrder(1)]
    public int PreemptDelayMs { get; init; }
    [JsonPropertyOrder(1)]
    public long? PreemptDelayRemainingMs { get; init; }
    [JsonPropertyOrder(1)]
    public int? MasterPriority { get; init; }
    [JsonPropertyOrder(1)]
    public bool WantMaster { get; init; }
    [JsonPropertyOrder(1)]
    public bool AddressOwner { get; init; }
    [JsonPropertyOrder(1)]
    public string? SyncGroup { get; init; }

    /// <summary>Present only beside a sync group the engine knows.</summary>
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SyncGroupState { get; init; }

    [JsonPropertyOrder(1)]
    public bool FastHandover { get; init; }
    [JsonPropertyOrder(1)]
    public int MasterAdvertIntervalMs { get; init; }
    [JsonPropertyOrder(1)]
    public int SkewTimeMs { get; init; }
    [JsonPropertyOrder(1)]
    public long? NextTimerMs { get; init; }
}

public record TrackerView
{
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string State { get; init; } = "";
    public int Weight { get; init; }
    public bool Reverse { get; init; }
    public int Contribution { get; init; }
}

public sealed record TrackerExplanation : TrackerView
{
    [JsonPropertyOrder(1)]
    public bool Faulting { get; init; }
    [JsonPropertyOrder(1)]
    public string? FromSyncGroup { get; init; }
}

public sealed record CountersView
{
    public long AdvertsReceived { get; init; }
    public long AdvertsSent { get; init; }
    public long BecomeMaster { get; init; }
    public long ReleaseMaster { get; init; }
    public long PriorityZeroReceived { get; init; }
    public long PriorityZeroSent { get; init; }
    public long LowerPriorityAnswersSuppressed { get; init; }
    public long FastHandovers { get; init; }
    public long VipsRestored { get; init; }
    public long LogLinesSuppressed { get; init; }

    /// <summary>By drop reason, in the order they were added (Dictionary keeps insertion order while nothing is
    /// removed); keys are the reasons' metric names as they are.</summary>
    public IReadOnlyDictionary<string, long> Dropped { get; init; } = new Dictionary<string, long>();
}

public record ScriptView
{
    public string Name { get; init; } = "";
    public string State { get; init; } = "";
    public int Result { get; init; }
    public int Rise { get; init; }
    public int Fall { get; init; }
    public long Runs { get; init; }
    public int? LastExitStatus { get; init; }
    public long? LastDurationMs { get; init; }
}

public sealed record ScriptExplanation : ScriptView
{
    [JsonPropertyOrder(1)]
    public string? LastOutcome { get; init; }
    [JsonPropertyOrder(1)]
    public bool Running { get; init; }
    [JsonPropertyOrder(1)]
    public int IntervalMs { get; init; }
    [JsonPropertyOrder(1)]
    public int TimeoutMs { get; init; }
}

public sealed record ProcessView
{
    public string Name { get; init; } = "";
    public string State { get; init; } = "";
    public int Count { get; init; }
    public int Quorum { get; init; }
    public int? QuorumMax { get; init; }
    public int ForkDelayMs { get; init; }
    public int TerminateDelayMs { get; init; }
    public long? PendingMs { get; init; }
}
