using System.Diagnostics;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// Runs one script to completion per spec/track-scripts.md section 6 and returns how it ended. The child is
/// reaped by a dedicated thread blocked in waitpid on that pid only (never -1, so children started elsewhere
/// are untouched), which guarantees no zombie and costs nothing on the driver's loop. At the timeout the whole
/// process group gets SIGTERM, then SIGKILL 2 s later; a group is only signalled while its leader is
/// unreaped, so a recycled pid is never hit.
/// </summary>
public static class ScriptRunner
{
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);

    public static Task<ScriptOutcome> RunAsync(ScriptCommand command, TimeSpan timeout, CancellationToken cancel = default)
    {
        var started = Stopwatch.GetTimestamp();
        var (pid, error) = Spawner.Spawn(command);
        if (pid == 0)
            return Task.FromResult(new ScriptOutcome(ScriptOutcomeKind.CouldNotStart, Reason: error));
        return new RunningScript(pid, started).Run(timeout, cancel);
    }

    private sealed class RunningScript(int pid, long started)
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _reaped;
        private bool _terminating;

        public async Task<ScriptOutcome> Run(TimeSpan timeout, CancellationToken cancel)
        {
            var reaper = new Thread(Reap) { IsBackground = true, Name = $"reap-{pid}" };
            reaper.Start();
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
                    status = await _exit.Task.WaitAsync(KillGrace, CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Signal(Libc.SIGKILL);
                    status = await _exit.Task.ConfigureAwait(false);
                }
            }
            var duration = Stopwatch.GetElapsedTime(started);
            int signal = status & 0x7F;
            if (signal == 0)
                return new ScriptOutcome(ScriptOutcomeKind.Exited, (status >> 8) & 0xFF, Duration: duration);
            bool terminating;
            lock (_lock)
                terminating = _terminating;
            if (terminating && signal is Libc.SIGTERM or Libc.SIGKILL)
            {
                // Grandchildren that ignored the TERM still hold the group: finish them (keepalived does too).
                Libc.kill(-pid, Libc.SIGKILL);
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
                    Libc.kill(-pid, sig);
            }
        }

        private unsafe void Reap()
        {
            int status = 0;
            while (true)
            {
                int rc = Libc.waitpid(pid, &status, 0);
                if (rc == pid)
                    break;
                if (rc < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Libc.EINTR)
                    continue;
                status = 0x7F00; // ECHILD: someone else reaped it; report a plain failure
                break;
            }
            lock (_lock)
                _reaped = true;
            _exit.TrySetResult(status);
        }
    }
}
