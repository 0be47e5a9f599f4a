namespace Vigil.Config.Model;

/// <summary>`vrrp_track_process NAME { process NAME [params]; quorum N; ... }`. Times in milliseconds.</summary>
public sealed record TrackProcessConfig
{
    public required string Name { get; init; }
    public string? Process { get; init; }
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>`param_match`: exact (default), initial or partial.</summary>
    public string ParamMatch { get; init; } = "exact";

    public int Quorum { get; init; } = 1;

    /// <summary>`quorum_max`; null = unlimited.</summary>
    public int? QuorumMax { get; init; }

    public int DelayMs { get; init; }
    public int ForkDelayMs { get; init; }
    public int TerminateDelayMs { get; init; }
    public bool FullCommand { get; init; }
    public int Weight { get; init; }
    public bool Reverse { get; init; }
    public bool Tracked { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
