namespace Vigil.Linux.Processes;

/// <summary>Where a run's outcome goes, called on the spawner's thread, so it must only hand the result on. With the
/// caller's <c>token</c> (the daemon passes the engine's run id) one long-lived receiver serves every run: no
/// closure or delegate per run.</summary>
public interface IScriptCompletion
{
    void Completed(long token, in ScriptRunResult result);
}

/// <summary>A delegate as a receiver, for callers that start few runs (notify scripts, tests).</summary>
internal sealed class DelegateCompletion(Action<ScriptRunResult> completed) : IScriptCompletion
{
    public void Completed(long token, in ScriptRunResult result) => completed(result);
}
