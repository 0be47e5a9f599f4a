namespace Vigil.Config.Model;

/// <summary>Where a configuration item came from: file, 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None { get; } = new(string.Empty, 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
