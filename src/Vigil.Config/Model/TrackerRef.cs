namespace Vigil.Config.Model;

/// <summary>A tracker inside an instance or sync group (`track_script`, `track_interface`, `track_file`,
/// `track_process`, `track_bfd`) after weight overrides: Weight 0 means FAULT on failure; Reverse flips the
/// sense.</summary>
public sealed record TrackerRef
{
    public required string Name { get; init; }
    public int Weight { get; init; }
    public bool Reverse { get; init; }

    /// <summary>True when the entry named its own weight (instead of inheriting the tracked object's).</summary>
    public bool WeightOverridden { get; init; }

    public SourceLocation Location { get; init; } = SourceLocation.None;
}
