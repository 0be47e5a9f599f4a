using System.Diagnostics;
using System.Runtime.InteropServices;
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
internal sealed class RunningScript(ScriptLaunch command, TimeSpan timeout, Action<ScriptRunResult> completed)
{
    private enum Phase { Running, Terminating, Killing }

    private Phase _phase;
    private long _startedAt;

    public ScriptLaunch Command => command;

    public int Pid { get; private set; }

    /// <summary>Reaped, or never started.</summary>
    public bool Ended { get; private set; }

    /// <summary>When the run was asked for, in <see cref="Stopwatch"/> ticks.</summary>
    public long PostedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the next signal is due, in <see cref="Stopwatch"/> ticks; <see cref="long.MaxValue"/> for
    /// never.</summary>
    public long Deadline { get; private set; } = long.MaxValue;

    /// <summary>Called right after the spawn; <paramref name="startedAt"/> is taken just before it.</summary>
    public void OnSpawned(int pid, long startedAt)
    {
        Pid = pid;
        _startedAt = startedAt;
        Deadline = startedAt + ToTicks(timeout);
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
    private void Report(ScriptRunResult outcome)
    {
        try
        {
            completed(outcome);
        }
        catch (Exception)
        {
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
