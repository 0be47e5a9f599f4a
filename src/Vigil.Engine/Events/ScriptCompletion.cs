namespace Vigil.Engine.Events;

/// <summary>A run of a <c>vrrp_script</c> finished. <paramref name="RunId"/> is the id of the
/// <see cref="Effects.RunScript"/> effect that started it; completions with an unknown or stale id are
/// ignored.</summary>
/// <param name="ExitCode">The exit status when <paramref name="Outcome"/> is
/// <see cref="ScriptOutcome.Exited"/>.</param>
/// <param name="Signal">The signal number when <paramref name="Outcome"/> is
/// <see cref="ScriptOutcome.Signaled"/>.</param>
public readonly record struct ScriptCompletion(
    string Script,
    long RunId,
    ScriptOutcome Outcome,
    int ExitCode,
    int Signal,
    TimeSpan Duration)
{
    public bool Succeeded => Outcome == ScriptOutcome.Exited && ExitCode == 0;

    public static ScriptCompletion Exit(string script, long runId, int exitCode, TimeSpan duration) =>
        new(script, runId, ScriptOutcome.Exited, exitCode, 0, duration);
}
