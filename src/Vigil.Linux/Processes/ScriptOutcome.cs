namespace Vigil.Linux.Processes;

/// <summary>How one run ended. Only an exit with status 0 is a success.</summary>
public sealed record ScriptOutcome(ScriptOutcomeKind Kind, int Status = 0, string? Reason = null, TimeSpan Duration = default)
{
    public bool Succeeded => Kind == ScriptOutcomeKind.Exited && Status == 0;

    /// <summary>keepalived's wording for the log line after "VRRP_Script(x) failed".</summary>
    public string Describe() => Kind switch
    {
        ScriptOutcomeKind.Exited => $"exited with status {Status}",
        ScriptOutcomeKind.Signaled => $"due to signal {Status}",
        ScriptOutcomeKind.TimedOut => "timed out",
        _ => $"could not be started: {Reason}",
    };
}
