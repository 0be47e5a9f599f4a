using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Linux.Processes;

namespace Vigil.Daemon;

/// <summary>
/// The daemon's side of track script runs, built so that a steady run allocates nothing: one long-lived launch per
/// script (rebuilt only when a reload changes its command, user, group or security), which also receives the run's
/// outcome on the spawner's thread with the engine's run id as its token, and pooled loop inputs for the outcomes.
/// At 200 scripts a second a launch, a closure and an input per run kept the collector running, and every collection
/// brings megabytes of the binary back into memory (bench/README.md). Start is called on the loop only.
/// </summary>
/// <param name="inbox">Where outcomes go, as <see cref="DriverInput.ScriptDone"/>.</param>
/// <param name="notStarted">Called on the spawner's thread with the script and why it could not start; it must not
/// block (the daemon hands the log line to the thread pool).</param>
public sealed class ScriptLaunches(DriverInbox inbox, Action<string, string> notStarted)
{
    private readonly Dictionary<string, Launch> _launches = new(StringComparer.Ordinal);
    private readonly ReusePool<DriverInput.ScriptDone> _done = new(ScriptRunner.PooledRuns, static () => new());

    public void Start(RunScript run, bool requireSecure)
    {
        if (!_launches.TryGetValue(run.Script, out var launch) || !launch.Matches(run, requireSecure))
        {
            launch = new Launch(this, run.Script, new ScriptLaunch(run.Argv, run.User, run.Group, requireSecure));
            _launches[run.Script] = launch;
        }

        ScriptRunner.Start(launch.Command, run.Timeout, launch, run.RunId);
    }

    /// <summary>The loop has handled <paramref name="done"/>.</summary>
    public void Return(DriverInput.ScriptDone done) => _done.Return(done);

    /// <summary>Outcome inputs waiting for reuse (for tests).</summary>
    public int FreeInputs => _done.Free;

    private void Completed(string script, long runId, in ScriptRunResult outcome)
    {
        var completion = new ScriptCompletion(script, runId, outcome.Kind,
            outcome.Kind == ScriptOutcome.Exited ? outcome.Status : 0,
            outcome.Kind is ScriptOutcome.Signaled or ScriptOutcome.TimedOut ? outcome.Status : 0, outcome.Duration);
        if (outcome.Kind == ScriptOutcome.CouldNotStart)
            notStarted(script, outcome.Describe());
        var input = _done.Rent().Fill(completion);
        if (!inbox.TryPost(input))
            _done.Return(input);
    }

    private sealed class Launch(ScriptLaunches owner, string script, ScriptLaunch command) : IScriptCompletion
    {
        public ScriptLaunch Command => command;

        public bool Matches(RunScript run, bool requireSecure) =>
            ReferenceEquals(command.Argv, run.Argv) && command.User == run.User && command.Group == run.Group
            && command.RequireSecure == requireSecure;

        public void Completed(long token, in ScriptRunResult result) => owner.Completed(script, token, result);
    }
}
