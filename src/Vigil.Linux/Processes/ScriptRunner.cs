namespace Vigil.Linux.Processes;

/// <summary>
/// Runs one script to completion per spec/track-scripts.md section 6 and returns how it ended. The caller only
/// queues the run: <see cref="ChildSupervisor"/>'s single thread spawns and reaps every child, and
/// <see cref="RunningScript"/> applies the timeout (SIGTERM to the group, SIGKILL 2 s later).
/// </summary>
public static class ScriptRunner
{
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    /// <summary>Starts the spawner thread now (the daemon calls it at start-up, so the thread and the network
    /// namespace its children inherit are the daemon's, and the first run pays no start-up cost).</summary>
    public static void StartSpawner() => _ = ChildSupervisor.Shared;

    public static Task<ScriptOutcome> RunAsync(ScriptCommand command, TimeSpan timeout, CancellationToken cancel = default)
    {
        var script = new RunningScript(command);
        ChildSupervisor.Shared.Post(script);
        return script.Run(timeout, cancel);
    }
}
