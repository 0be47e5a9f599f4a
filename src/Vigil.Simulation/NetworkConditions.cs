namespace Vigil.Simulation;

/// <summary>How a segment treats each delivered copy: a delay in [MinDelay, MinDelay + Jitter), a loss and a
/// duplication probability, and a reorder probability (that copy gets up to <see cref="ReorderDelay"/>
/// extra).</summary>
public sealed record NetworkConditions
{
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(0.2);
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(0.5);
    public double Loss { get; init; }
    public double Duplicate { get; init; }
    public double Reorder { get; init; }
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public static readonly NetworkConditions Clean = new();

    /// <summary>True when no packet can be lost (the "whole network" the invariants talk about).</summary>
    public bool IsLossless => Loss <= 0;

    /// <summary>The longest a copy can take.</summary>
    public TimeSpan MaxDelay => MinDelay + Jitter + (Reorder > 0 ? ReorderDelay : TimeSpan.Zero);
}
