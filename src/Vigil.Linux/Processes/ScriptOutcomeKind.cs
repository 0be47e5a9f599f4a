namespace Vigil.Linux.Processes;

public enum ScriptOutcomeKind
{
    /// <summary>Exited normally; see the exit status.</summary>
    Exited,
    /// <summary>Killed by a signal Vigil did not send.</summary>
    Signaled,
    /// <summary>Ran past its timeout and was terminated.</summary>
    TimedOut,
    /// <summary>Could not be started (missing, not executable, unknown user): a failure in Vigil.</summary>
    CouldNotStart,
}
