namespace Vigil.Config.Model;

/// <summary>`vrrp_script NAME { ... }` after defaults: interval 1 s, timeout = interval, weight 0, rise/fall
/// 1.</summary>
public sealed record VrrpScriptConfig
{
    public required string Name { get; init; }

    /// <summary>The command argv (the `script` string split with shell-like rules); empty if none was given.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public int IntervalMs { get; init; } = 1000;

    /// <summary>Kill deadline of one run; keepalived's "0 = interval" is already resolved.</summary>
    public int TimeoutMs { get; init; } = 1000;

    public int Weight { get; init; }
    public bool Reverse { get; init; }
    public int Rise { get; init; } = 1;
    public int Fall { get; init; } = 1;

    /// <summary>`user USER [[:]GROUP]`; null means the global `script_user` default.</summary>
    public string? User { get; init; }
    public string? Group { get; init; }

    public bool InitFail { get; init; }

    /// <summary>True when at least one instance or sync group tracks the script (untracked scripts never
    /// run).</summary>
    public bool Tracked { get; init; }

    public SourceLocation Location { get; init; } = SourceLocation.None;
}
