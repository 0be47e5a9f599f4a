using System.Diagnostics;
using System.Runtime.InteropServices;
using Vigil.Core.Primitives;
using Vigil.Engine.Events;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// One run of a script, from the request to its outcome. Everything here happens on <see cref="ChildSupervisor"/>'s
/// thread: it starts the child (<see cref="OnSpawned"/> or <see cref="OnStartFailed"/>), applies the timeout when
/// <see cref="Deadline"/> passes (<see cref="OnDeadline"/>: SIGTERM to the whole process group, then SIGKILL
/// <see cref="ScriptRunner.KillGrace"/> later) and reaps it (<see cref="TryReap"/>). One thread for all of it means
/// no lock, no timer and no task per run, and the group is only ever signalled while its leader is unreaped (a
/// zombie still holds the pid), so a recycled pid is never hit.
/// </summary>
internal sealed class RunningScript
{
    private enum Phase { Running, Terminating, Killing }

    private Pool? _pool;
    private ScriptLaunch _command = null!;
    private TimeSpan _timeout;
    private IScriptCompletion _completion = null!;
    private long _token;
    private Phase _phase;
    private long _startedAt;

    private RunningScript()
    {
    }

    public ScriptLaunch Command => _command;

    public int Pid { get; private set; }

    /// <summary>Reaped, or never started.</summary>
    public bool Ended { get; private set; }

    /// <summary>Counts the object's reuses: whoever remembers a run (<see cref="SpawnPacer"/>) remembers it with its
    /// generation, so a run that ended and whose object went back to the pool is never taken for a new
    /// one.</summary>
    public int Generation { get; private set; }

    /// <summary>When the run was asked for, in <see cref="Stopwatch"/> ticks.</summary>
    public long PostedAt { get; private set; }

    /// <summary>When the next signal is due, in <see cref="Stopwatch"/> ticks; <see cref="long.MaxValue"/> for
    /// never.</summary>
    public long Deadline { get; private set; }

    /// <summary>The supervisor is done with an ended run (reported, and in none of its lists): back to the pool it
    /// came from. The caller must not touch it afterwards.</summary>
    public void Return()
    {
        Generation++;
        _command = null!;
        _completion = null!;
        _pool?.Keep(this);
    }

    /// <summary>Ended runs kept for reuse: 200 scripts a second should not be 200 objects of garbage a second. Rent
    /// is called by any thread (the run then belongs to the spawner's), Return by the spawner's thread.</summary>
    internal sealed class Pool
    {
        private readonly ReusePool<RunningScript> _free =
            new(ScriptRunner.PooledRuns, static () => new RunningScript());

        public RunningScript Rent(ScriptLaunch command, TimeSpan timeout, IScriptCompletion completion, long token)
        {
            var run = _free.Rent();
            run._pool = this;
            run._command = command;
            run._timeout = timeout;
            run._completion = completion;
            run._token = token;
            run._phase = Phase.Running;
            run._startedAt = 0;
            run.Pid = 0;
            run.Ended = false;
            run.PostedAt = Stopwatch.GetTimestamp();
            run.Deadline = long.MaxValue;
            return run;
        }

        public int Free => _free.Free;

        internal void Keep(RunningScript run) => _free.Return(run);
    }

    /// <summary>Called right after the spawn; <paramref name="startedAt"/> is taken just before it.</summary>
    public void OnSpawned(int pid, long startedAt)
    {
        Pid = pid;
        _startedAt = startedAt;
        Deadline = startedAt + ToTicks(_timeout);
    }

    public void OnStartFailed(string error)
    {
        Ended = true;
        Report(new ScriptRunResult(ScriptOutcome.CouldNotStart, Reason: error));
    }

    /// <summary>The timeout, then the grace after SIGTERM, has passed: signal the group.</summary>
    public void OnDeadline(long now)
    {
        if (_phase == Phase.Running)
        {
            _phase = Phase.Terminating;
            Libc.kill(-Pid, Libc.SIGTERM);
            Deadline = now + ToTicks(ScriptRunner.KillGrace);
        }
        else
        {
            _phase = Phase.Killing;
            Libc.kill(-Pid, Libc.SIGKILL);
            Deadline = long.MaxValue; // nothing more to send: it dies, and is reaped, when the kernel says so
        }
    }

    /// <summary>The daemon is stopping: begin the timeout's sequence now (SIGTERM, then SIGKILL after the
    /// grace).</summary>
    public void Terminate(long now)
    {
        if (_phase == Phase.Running && Pid > 0)
            OnDeadline(now);
    }

    /// <summary>Collects the exit status if the child has ended; never blocks. True once reaped (and
    /// reported).</summary>
    public unsafe bool TryReap()
    {
        // Look first without reaping: a timed-out script's grandchildren that ignored the TERM still hold the
        // group, and the group may only be signalled while the leader's pid is still taken (keepalived kills
        // them too).
        var info = stackalloc byte[Libc.SigInfoSize];
        new Span<byte>(info, Libc.SigInfoSize).Clear(); // si_pid stays 0 when no child has ended
        int rc = Libc.waitid(Libc.P_PID, Pid, info, Libc.WEXITED | Libc.WNOHANG | Libc.WNOWAIT);
        if (rc == 0 && *(int*)(info + Libc.SigInfoPidOffset) == 0)
            return false; // still running
        if (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
            return false;
        int code = rc == 0 ? *(int*)(info + Libc.SigInfoCodeOffset) : 0;
        int value = rc == 0 ? *(int*)(info + Libc.SigInfoStatusOffset) : 0;
        bool signaled = code is Libc.CLD_KILLED or Libc.CLD_DUMPED;
        bool timedOut = _phase != Phase.Running && signaled && value is Libc.SIGTERM or Libc.SIGKILL;
        if (timedOut)
            Libc.kill(-Pid, Libc.SIGKILL);
        int status = 0;
        if (Libc.waitpid(Pid, &status, Libc.WNOHANG) != Pid || rc != 0)
        {
            // ECHILD: someone else reaped it; report a plain failure.
            (signaled, timedOut, value) = (false, false, 127);
        }
        var duration = Stopwatch.GetElapsedTime(_startedAt);
        Ended = true;
        Report(timedOut ? new ScriptRunResult(ScriptOutcome.TimedOut, value, Duration: duration)
            : signaled ? new ScriptRunResult(ScriptOutcome.Signaled, value, Duration: duration)
            : new ScriptRunResult(ScriptOutcome.Exited, value, Duration: duration));
        return true;
    }

    /// <summary>A caller's callback that throws must not break the supervisor's bookkeeping.</summary>
    private void Report(in ScriptRunResult outcome)
    {
        try
        {
            _completion.Completed(_token, outcome);
        }
        catch (Exception)
        {
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
