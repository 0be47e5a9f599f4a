namespace Vigil.Engine.Events;

/// <summary>How a script or notify run ended. Everything but <see cref="Exited"/> with status 0 is a failure
/// (an exec failure included: keepalived counts it as success, a known trap Vigil does not copy).</summary>
public enum ScriptOutcome
{
    Exited,
    Signaled,
    TimedOut,
    CouldNotStart,
}
