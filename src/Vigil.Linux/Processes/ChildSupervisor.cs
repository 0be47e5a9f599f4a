using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// The one thread that starts and reaps every script. Callers (the driver's loop, the notify queue) only post a
/// request and wake it through an eventfd, so a slow spawn (path lookup, user lookup, posix_spawn of a large
/// process) never delays the loop. The same thread waits for all its children at once: each child gets a pidfd
/// (pidfd_open, Linux 5.3) and one ppoll covers them all, then waitpid(pid, WNOHANG) collects exactly that
/// child (never -1: children started elsewhere are not ours). The poll's timeout is the nearest script deadline,
/// so the same thread also sends the timeout's SIGTERM and SIGKILL. No thread, timer or task per child, no zombie.
/// The thread is started once and never exits while the process runs. That matters because PR_SET_PDEATHSIG
/// (set in each child, see <see cref="Spawner"/>) fires when the THREAD that created the child exits, not the
/// process: a pool or short-lived thread would kill scripts at random. It also fixes the network namespace
/// children inherit: the one of the thread that first touches <see cref="Shared"/> (the daemon does at start).
/// </summary>
internal sealed unsafe class ChildSupervisor
{
    // Where pidfd_open is missing (kernel before 5.3, libc before 2.36), children are checked this often instead.
    private const int FallbackPollMilliseconds = 50;

    private static readonly Lazy<ChildSupervisor> s_shared = new(
        () => new ChildSupervisor(),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly RunningScript.Pool _runs = new();
    private readonly ConcurrentQueue<RunningScript> _requests = new();
    private readonly Queue<RunningScript> _ready = new();
    private readonly SpawnPacer _pacer = new(
        youngLimit: Math.Max(1, Environment.ProcessorCount - 1),
        quiet: Ticks(4),
        young: Ticks(4),
        maxHold: Ticks(500));
    private long _holdUntil;
    private long _holds;
    private readonly ConcurrentQueue<TaskCompletionSource> _stopRequests = new();
    private readonly List<TaskCompletionSource> _stopping = [];
    private readonly int _wake;
    private readonly List<(int PidFd, RunningScript Script)> _watched = [];
    private readonly List<RunningScript> _unwatchable = [];
    // On the pinned object heap: this thread sits in ppoll on the array nearly all the time, so an ordinary array
    // would be pinned through every collection, and the compacting one after start-up could not close the gap of
    // start-up garbage below it (0.9 MB left free in the heap at 1,000 instances; bench/README.md).
    private Libc.PollFd[] _fds = GC.AllocateArray<Libc.PollFd>(64, pinned: true);
    private bool _noPidFd;

    public static ChildSupervisor Shared => s_shared.Value;

    private ChildSupervisor()
    {
        _wake = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (_wake < 0)
            throw new InvalidOperationException($"eventfd: errno {Marshal.GetLastPInvokeError()}");
        new Thread(Loop) { IsBackground = true, Name = "vigil-spawner" }.Start();
    }

    /// <summary>Queues a run; returns at once (a queue post and an eventfd write), allocating nothing once the
    /// pool of ended runs holds one.</summary>
    public void Post(ScriptLaunch command, TimeSpan timeout, IScriptCompletion completion, long token)
    {
        _requests.Enqueue(_runs.Rent(command, timeout, completion, token));
        ulong one = 1;
        Libc.write(_wake, (byte*)&one, sizeof(ulong));
    }

    /// <summary>The loop's next deadline (<see cref="Stopwatch"/> ticks, <see cref="long.MaxValue"/> for none): no
    /// child starts just before it (<see cref="SpawnPacer"/>). Read by the spawner without waking it: when it holds a
    /// start for a deadline, it looks again just after that deadline.</summary>
    public void PublishLoopDeadline(long deadline) => _pacer.LoopDeadline = deadline;

    /// <summary>How many times the spawner looked at its next start and held it (for tests and diagnostics).</summary>
    public long Holds => Interlocked.Read(ref _holds);

    /// <summary>Ends every running child as a timeout would (SIGTERM to its group, SIGKILL
    /// <see cref="ScriptRunner.KillGrace"/> later) and completes once none is left: the daemon calls it when it stops,
    /// so a script that ignores SIGTERM is not left behind (PR_SET_PDEATHSIG only sends SIGTERM).</summary>
    public Task TerminateAllAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stopRequests.Enqueue(done);
        ulong one = 1;
        Libc.write(_wake, (byte*)&one, sizeof(ulong));
        return done.Task;
    }

    private void Loop()
    {
        while (true)
        {
            try
            {
                while (_requests.TryDequeue(out var script))
                    _ready.Enqueue(script);
                StartWhatThePacerAllows();
                if (!_stopRequests.IsEmpty)
                    TerminateAll();
                // Before waiting too: with no child left the wait below has nothing to end it, and a stop request
                // would be answered only at its caller's timeout.
                CompleteStopsIfIdle();
                WaitAndReap();
                CompleteStopsIfIdle();
            }
            catch (Exception)
            {
                // Never let this thread end (its children would get their death signal); pause so a
                // persistent fault cannot spin.
                Thread.Sleep(10);
            }
        }
    }

    private void StartWhatThePacerAllows()
    {
        _holdUntil = 0;
        while (_ready.Count > 0)
        {
            long now = Stopwatch.GetTimestamp();
            // A stopping daemon starts what was asked at once (its children are ended right after anyway).
            long hold = _stopping.Count > 0 ? 0 : _pacer.HoldUntil(now, _ready.Peek().PostedAt);
            if (hold != 0)
            {
                if (_holdUntil == 0)
                    Interlocked.Increment(ref _holds);
                _holdUntil = hold;
                return;
            }
            var script = _ready.Dequeue();
            if (Start(script))
                _pacer.Born(script, now);
        }
    }

    private static long Ticks(int milliseconds) => milliseconds * Stopwatch.Frequency / 1000;

    private void CompleteStopsIfIdle()
    {
        if (_stopping.Count == 0 || _watched.Count > 0 || _unwatchable.Count > 0)
            return;
        foreach (var done in _stopping)
            done.TrySetResult();
        _stopping.Clear();
    }

    private void TerminateAll()
    {
        while (_stopRequests.TryDequeue(out var done))
            _stopping.Add(done);
        // What the pacer still holds starts now and is ended with the rest, as it would have been unpaced.
        while (_ready.TryDequeue(out var held))
            _ = Start(held);
        long now = Stopwatch.GetTimestamp();
        foreach (var (_, script) in _watched)
            script.Terminate(now);
        foreach (var script in _unwatchable)
            script.Terminate(now);
    }

    /// <summary>False when the child could not start: the failure is reported and the run is back in the
    /// pool.</summary>
    private bool Start(RunningScript script)
    {
        var started = Stopwatch.GetTimestamp();
        int pid;
        string? error;
        try
        {
            (pid, error) = Spawner.Spawn(script.Command);
        }
        catch (Exception e)
        {
            (pid, error) = (0, e.Message);
        }
        if (pid == 0)
        {
            script.OnStartFailed(error ?? "could not start");
            script.Return();
            return false;
        }
        script.OnSpawned(pid, started);
        int pidFd = OpenPidFd(pid);
        if (pidFd >= 0)
            _watched.Add((pidFd, script));
        else
            _unwatchable.Add(script);
        return true;
    }

    private int OpenPidFd(int pid)
    {
        if (_noPidFd)
            return -1;
        try
        {
            return Libc.pidfd_open(pid, 0);
        }
        catch (EntryPointNotFoundException)
        {
            _noPidFd = true;
            return -1;
        }
    }

    private void WaitAndReap()
    {
        int n = 1 + _watched.Count;
        if (_fds.Length < n)
            _fds = GC.AllocateArray<Libc.PollFd>(Math.Max(n, _fds.Length * 2), pinned: true); // refilled below
        _fds[0] = new Libc.PollFd { Fd = _wake, Events = Libc.POLLIN };
        long deadline = long.MaxValue;
        for (int i = 0; i < _watched.Count; i++)
        {
            _fds[i + 1] = new Libc.PollFd { Fd = _watched[i].PidFd, Events = Libc.POLLIN };
            deadline = Math.Min(deadline, _watched[i].Script.Deadline);
        }
        foreach (var script in _unwatchable)
            deadline = Math.Min(deadline, script.Deadline);
        if (_holdUntil != 0)
            deadline = Math.Min(deadline, _holdUntil);
        long wait = deadline == long.MaxValue ? long.MaxValue
            : Math.Max(0, (long)((deadline - Stopwatch.GetTimestamp()) * (1_000_000_000.0 / Stopwatch.Frequency)));
        if (_unwatchable.Count > 0)
            wait = Math.Min(wait, FallbackPollMilliseconds * 1_000_000L);
        var timeout = new Libc.TimeSpec { Seconds = wait / 1_000_000_000, Nanoseconds = wait % 1_000_000_000 };
        int rc;
        fixed (Libc.PollFd* fds = _fds)
            rc = Libc.ppoll(fds, (nuint)n, wait == long.MaxValue ? null : &timeout, null);
        if (rc < 0)
        {
            if (Marshal.GetLastPInvokeError() != Libc.EINTR)
                Thread.Sleep(10); // cannot happen with valid descriptors; never spin if it does
            return;
        }
        if ((_fds[0].Revents & Libc.POLLIN) != 0)
        {
            ulong count;
            Libc.read(_wake, (byte*)&count, sizeof(ulong));
        }
        // Backwards, so swapping the last entry into a removed slot never skips one.
        for (int i = _watched.Count - 1; i >= 0; i--)
        {
            if (rc == 0 || _fds[i + 1].Revents == 0 || !_watched[i].Script.TryReap())
                continue;
            var reaped = _watched[i].Script;
            Libc.close(_watched[i].PidFd);
            _watched[i] = _watched[^1];
            _watched.RemoveAt(_watched.Count - 1);
            reaped.Return();
        }
        for (int i = _unwatchable.Count - 1; i >= 0; i--)
        {
            if (!_unwatchable[i].TryReap())
                continue;
            var reaped = _unwatchable[i];
            _unwatchable.RemoveAt(i);
            reaped.Return();
        }
        // What is still running past its deadline gets its signal (reaped ones are gone from the lists).
        long now = Stopwatch.GetTimestamp();
        foreach (var (_, script) in _watched)
        {
            if (script.Deadline <= now)
                script.OnDeadline(now);
        }
        foreach (var script in _unwatchable)
        {
            if (script.Deadline <= now)
                script.OnDeadline(now);
        }
    }
}
