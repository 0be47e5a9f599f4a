namespace Vigil.Config.Model;

/// <summary>A command keepalived would exec directly (no shell): the quoted string split with shell-like
/// rules into argv, plus the optional user and group it runs as (null = the global default).</summary>
public sealed record ScriptCommand
{
    public required IReadOnlyList<string> Argv { get; init; }
    public string? User { get; init; }
    public string? Group { get; init; }

    /// <summary>A leading ':' on the group: also set supplementary groups.</summary>
    public bool SupplementaryGroups { get; init; }

    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The command as one display string (arguments space separated).</summary>
    public string CommandLine => string.Join(' ', Argv);
}
