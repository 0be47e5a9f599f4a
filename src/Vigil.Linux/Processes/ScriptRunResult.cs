using Vigil.Engine.Events;

namespace Vigil.Linux.Processes;

/// <summary>How one run ended, in the engine's terms (<see cref="ScriptOutcome"/>), with what the process told us:
/// the exit status or signal number, why it could not start, and how long it ran. Only an exit with status 0 is a
/// success. A value, so reporting an outcome allocates nothing.</summary>
public readonly record struct ScriptRunResult(
    ScriptOutcome Kind,
    int Status = 0,
    string? Reason = null,
    TimeSpan Duration = default)
{
    public bool Succeeded => Kind == ScriptOutcome.Exited && Status == 0;

    /// <summary>keepalived's wording for the log line after "VRRP_Script(x) failed".</summary>
    public string Describe() => Kind switch
    {
        ScriptOutcome.Exited => $"exited with status {Status}",
        ScriptOutcome.Signaled => $"due to signal {Status}",
        ScriptOutcome.TimedOut => "timed out",
        _ => $"could not be started: {Reason}",
    };
}
