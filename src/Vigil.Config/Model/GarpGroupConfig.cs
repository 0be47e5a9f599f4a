namespace Vigil.Config.Model;

/// <summary>`garp_group { garp_interval S; gna_interval S; interface IF | interfaces { ... } }`.</summary>
public sealed record GarpGroupConfig
{
    public int GarpIntervalMs { get; init; }
    public int GnaIntervalMs { get; init; }
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
