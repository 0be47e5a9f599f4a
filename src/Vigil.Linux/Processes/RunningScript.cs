using System.Diagnostics;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// One run of a script, from the request to its outcome. <see cref="ChildSupervisor"/> starts it
/// (<see cref="OnSpawned"/> or <see cref="OnStartFailed"/>) and reaps it (<see cref="TryReap"/>); <see cref="Run"/>
/// owns the timeout: SIGTERM to the whole process group, then SIGKILL <see cref="ScriptRunner.KillGrace"/> later.
/// Reaping and signalling share one lock, and the group is only signalled while its leader is unreaped, so a
/// recycled pid is never hit.
/// </summary>
internal sealed class RunningScript(ScriptCommand command)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<string?> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pid;
    private long _startedAt;
    private long _exitedAt;
    private bool _reaped;
    private bool _terminating;

    public ScriptCommand Command => command;

    public int Pid => Volatile.Read(ref _pid);

    /// <summary>Called by the supervisor right after the spawn; <paramref name="startedAt"/> is taken just before it.</summary>
    public void OnSpawned(int pid, long startedAt)
    {
        lock (_lock)
        {
            _pid = pid;
            _startedAt = startedAt;
        }
        _started.TrySetResult(null);
    }

    public void OnStartFailed(string error) => _started.TrySetResult(error);

    /// <summary>Collects the exit status if the child has ended; never blocks. True once reaped.</summary>
    public unsafe bool TryReap()
    {
        int status = 0;
        lock (_lock)
        {
            if (_reaped)
                return true;
            int rc = Libc.waitpid(_pid, &status, Libc.WNOHANG);
            if (rc == 0 || (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR))
                return false;
            if (rc != _pid)
                status = 0x7F00; // ECHILD: someone else reaped it; report a plain failure
            _reaped = true;
            _exitedAt = Stopwatch.GetTimestamp();
        }
        _exit.TrySetResult(status);
        return true;
    }

    public async Task<ScriptOutcome> Run(TimeSpan timeout, CancellationToken cancel)
    {
        if (await _started.Task.ConfigureAwait(false) is { } error)
            return new ScriptOutcome(ScriptOutcomeKind.CouldNotStart, Reason: error);
        using var timer = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancel);
        int status;
        try
        {
            status = await _exit.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Signal(Libc.SIGTERM);
            try
            {
                status = await _exit.Task.WaitAsync(ScriptRunner.KillGrace, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Signal(Libc.SIGKILL);
                status = await _exit.Task.ConfigureAwait(false);
            }
        }
        TimeSpan duration;
        bool terminating;
        lock (_lock)
        {
            duration = Stopwatch.GetElapsedTime(_startedAt, _exitedAt);
            terminating = _terminating;
        }
        int signal = status & 0x7F;
        if (signal == 0)
            return new ScriptOutcome(ScriptOutcomeKind.Exited, (status >> 8) & 0xFF, Duration: duration);
        if (terminating && signal is Libc.SIGTERM or Libc.SIGKILL)
        {
            // Grandchildren that ignored the TERM still hold the group: finish them (keepalived does too).
            Libc.kill(-_pid, Libc.SIGKILL);
            return new ScriptOutcome(ScriptOutcomeKind.TimedOut, signal, Duration: duration);
        }
        return new ScriptOutcome(ScriptOutcomeKind.Signaled, signal, Duration: duration);
    }

    private void Signal(int sig)
    {
        lock (_lock)
        {
            _terminating = true;
            if (!_reaped)
                Libc.kill(-_pid, sig);
        }
    }
}
