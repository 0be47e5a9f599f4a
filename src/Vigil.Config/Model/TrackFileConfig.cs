namespace Vigil.Config.Model;

/// <summary>`track_file NAME { file PATH; weight W [reverse]; init_file [VAL] [overwrite] }`
/// (`vrrp_track_file` is the old name).</summary>
public sealed record TrackFileConfig
{
    public required string Name { get; init; }
    public string? Path { get; init; }
    public int Weight { get; init; } = 1;
    public bool Reverse { get; init; }

    /// <summary>`init_file [VAL]`: create the file with VAL (0 when no value) if missing.</summary>
    public int? InitFileValue { get; init; }
    public bool InitFileOverwrite { get; init; }
    public bool Tracked { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
