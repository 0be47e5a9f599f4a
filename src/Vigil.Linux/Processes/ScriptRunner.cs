namespace Vigil.Linux.Processes;

/// <summary>
/// Runs one script to completion per docs/track-scripts.md section 6 and returns how it ended. The caller only
/// queues the run: <see cref="ChildSupervisor"/>'s single thread spawns and reaps every child and applies the
/// timeout (SIGTERM to the group, SIGKILL 2 s later; see <see cref="RunningScript"/>).
/// </summary>
public static class ScriptRunner
{
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    /// <summary>How many ended runs are kept for reuse: more than a daemon has outstanding in practice (every
    /// <c>vrrp_script</c> has at most one run outstanding).</summary>
    public const int PooledRuns = 256;

    /// <summary>Starts the spawner thread now (the daemon calls it at start-up, so the thread and the network
    /// namespace its children inherit are the daemon's, and the first run pays no start-up cost).</summary>
    public static void StartSpawner() => _ = ChildSupervisor.Shared;

    /// <summary>
    /// Queues a run and returns at once; <paramref name="completed"/> is called with the outcome on the spawner's
    /// thread, so it must only hand the result on (the daemon posts it to its loop). No task, timer or lock per
    /// run: the daemon starts hundreds of scripts a second.
    /// </summary>
    public static void Start(ScriptLaunch command, TimeSpan timeout, Action<ScriptRunResult> completed) =>
        Start(command, timeout, new DelegateCompletion(completed), 0);

    /// <summary>The same without an allocation per run: <paramref name="completion"/> is called with
    /// <paramref name="token"/> and the outcome (the daemon starts hundreds of scripts a second, and each
    /// collection their garbage caused brought megabytes of the binary back into memory).</summary>
    public static void Start(ScriptLaunch command, TimeSpan timeout, IScriptCompletion completion, long token) =>
        ChildSupervisor.Shared.Post(command, timeout, completion, token);

    /// <summary>The driver's loop tells the spawner when it next has work (<see cref="System.Diagnostics.Stopwatch"/>
    /// ticks, <see cref="long.MaxValue"/> for none), so no script starts just before it.</summary>
    public static void PublishLoopDeadline(long deadline) => ChildSupervisor.Shared.PublishLoopDeadline(deadline);

    /// <summary>Ends every running script (SIGTERM to its group, SIGKILL <see cref="KillGrace"/> later) and waits until
    /// all are reaped, at most <paramref name="limit"/>. True when none is left.</summary>
    public static bool TerminateAll(TimeSpan limit) => ChildSupervisor.Shared.TerminateAllAsync().Wait(limit);

    /// <summary>The same as a task, whose continuations run on the thread pool (never the spawner's thread).</summary>
    public static Task<ScriptRunResult> RunAsync(ScriptLaunch command, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<ScriptRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(command, timeout, outcome => done.TrySetResult(outcome));
        return done.Task;
    }
}
