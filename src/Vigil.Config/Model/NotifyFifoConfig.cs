namespace Vigil.Config.Model;

/// <summary>`notify_fifo` / `vrrp_notify_fifo FIFO [user [group]]` with its optional `*_fifo_script`.</summary>
public sealed record NotifyFifoConfig
{
    public required string Path { get; init; }
    public string? User { get; init; }
    public string? Group { get; init; }
    public ScriptCommand? Script { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
