namespace Vigil.Cli;

// `vigil check --json` as docs/cli.md describes it: keys are the snake_case of these names (Json/VigilJsonContext),
// in declaration order; the model's own types stay free of JSON concerns.

/// <summary><c>{ "diagnostics": [...], "exit_code": N, "model": {...} | null }</c>.</summary>
public sealed record CheckDocument(IReadOnlyList<DiagnosticView> Diagnostics, int ExitCode, ModelView? Model);

/// <summary>One diagnostic; <c>severity</c> is <c>error</c> or <c>warning</c>.</summary>
public sealed record DiagnosticView(string Severity, string File, int Line, int Column, string Code, string Message);

public sealed record ModelView
{
    public string? ConfigId { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public GlobalView Global { get; init; } = new();
    public IReadOnlyList<ConfiguredInstance> Instances { get; init; } = [];
    public IReadOnlyList<ConfiguredScript> Scripts { get; init; } = [];
    public IReadOnlyList<SyncGroupView> SyncGroups { get; init; } = [];
    public IReadOnlyList<TrackFileView> TrackFiles { get; init; } = [];
    public IReadOnlyList<TrackProcessView> TrackProcesses { get; init; } = [];
    public IReadOnlyList<IgnoredSectionView> IgnoredSections { get; init; } = [];
}

public sealed record GlobalView
{
    public string? RouterId { get; init; }
    public int VrrpVersion { get; init; }
    public bool VrrpStrict { get; init; }
    public bool EnableScriptSecurity { get; init; }
    public string? ScriptUser { get; init; }
    public string VrrpMcastGroup4 { get; init; } = "";
    public string VrrpMcastGroup6 { get; init; } = "";
    public string? NotifyFifo { get; init; }
    public string? VrrpNotifyFifo { get; init; }
    public int VrrpStartupDelayMs { get; init; }
    public int VrrpDelayAfterBootMs { get; init; }
    public bool VrrpFastHandover { get; init; }
}

/// <summary>A vrrp_instance as configured (what runs is <c>vigil status</c>'s instance).</summary>
public sealed record ConfiguredInstance
{
    public string Name { get; init; } = "";
    public int Vrid { get; init; }
    public string? Interface { get; init; }
    public string Family { get; init; } = "";
    public int Version { get; init; }
    public string State { get; init; } = "";
    public int Priority { get; init; }
    public int AdvertIntMs { get; init; }
    public bool Preempt { get; init; }
    public int PreemptDelayMs { get; init; }
    public string AuthType { get; init; } = "";
    public IReadOnlyList<VipView> VirtualIpaddresses { get; init; } = [];
    public IReadOnlyList<VipView> VirtualIpaddressesExcluded { get; init; } = [];
    public string? UnicastSrcIp { get; init; }
    public IReadOnlyList<string> UnicastPeers { get; init; } = [];
    public string McastDstIp { get; init; } = "";
    public IReadOnlyList<TrackerRefView> TrackScripts { get; init; } = [];
    public IReadOnlyList<TrackerRefView> TrackInterfaces { get; init; } = [];
    public IReadOnlyList<TrackerRefView> TrackFiles { get; init; } = [];
    public IReadOnlyList<TrackerRefView> TrackProcesses { get; init; } = [];
    public bool DontTrackPrimary { get; init; }
    public int GarpMasterDelayMs { get; init; }
    public int GarpMasterRepeat { get; init; }
    public int GarpMasterRefreshMs { get; init; }
    public bool Accept { get; init; }
    public bool Strict { get; init; }
    public int DownTimerAdverts { get; init; }
    public CommandView? NotifyMaster { get; init; }
    public CommandView? NotifyBackup { get; init; }
    public CommandView? NotifyFault { get; init; }
    public CommandView? NotifyStop { get; init; }
    public CommandView? Notify { get; init; }
    public CommandView? NotifyMasterRxLowerPri { get; init; }
    public string? SyncGroup { get; init; }
    public string File { get; init; } = "";
    public int Line { get; init; }
}

/// <summary><c>dev</c> is the device resolved as keepalived's dump shows it; <c>dev_configured</c> the one
/// written.</summary>
public sealed record VipView(
    string Address,
    int Prefix,
    string? Broadcast,
    string? Dev,
    string? DevConfigured,
    string Scope,
    string? Label);

/// <summary>A track_script, track_interface, track_file or track_process entry of an instance or sync group.</summary>
public sealed record TrackerRefView(string Name, int Weight, bool Reverse);

/// <summary>A notify script: its argv and the user and group it runs as.</summary>
public sealed record CommandView(IReadOnlyList<string> Command, string? User, string? Group);

/// <summary>A vrrp_script as configured.</summary>
public sealed record ConfiguredScript
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Command { get; init; } = [];
    public int IntervalMs { get; init; }
    public int TimeoutMs { get; init; }
    public int Weight { get; init; }
    public bool Reverse { get; init; }
    public int Rise { get; init; }
    public int Fall { get; init; }
    public string? User { get; init; }
    public string? Group { get; init; }
    public bool InitFail { get; init; }
    public bool Tracked { get; init; }
    public string File { get; init; } = "";
    public int Line { get; init; }
}

public sealed record SyncGroupView
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<TrackerRefView> TrackScripts { get; init; } = [];
    public IReadOnlyList<TrackerRefView> TrackInterfaces { get; init; } = [];
    public CommandView? NotifyMaster { get; init; }
    public CommandView? NotifyBackup { get; init; }
    public CommandView? NotifyFault { get; init; }
    public CommandView? NotifyStop { get; init; }
    public CommandView? Notify { get; init; }
    public bool SyncGroupTrackingWeight { get; init; }
    public string File { get; init; } = "";
    public int Line { get; init; }
}

/// <summary>A vrrp_track_file; <c>file</c> is the path it watches.</summary>
public sealed record TrackFileView(string Name, string? File, int Weight, bool Reverse, bool Tracked);

public sealed record TrackProcessView(
    string Name,
    string? Process,
    IReadOnlyList<string> Parameters,
    int Quorum,
    int? QuorumMax,
    int Weight,
    bool Reverse,
    bool Tracked);

/// <summary>A section Vigil reads past (virtual_server, ...), with where it is.</summary>
public sealed record IgnoredSectionView(string Keyword, IReadOnlyList<string> Arguments, string File, int Line);
