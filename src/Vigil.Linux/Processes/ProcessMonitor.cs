using System.Net.Sockets;
using Vigil.Core.Tracking;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// Watches the processes that vrrp_track_process trackers match. It scans /proc once per configuration, then
/// follows the kernel's process events (fork, exec, comm, exit) through the process event connector; where the
/// connector cannot be had (no CONFIG_PROC_EVENTS, another pid or user namespace) it rescans /proc every
/// <see cref="PollInterval"/> instead. Each change reaches <c>post</c> as a per-tracker delta tagged with the
/// configuration's generation, so the driver can drop deltas queued before a rescan.
/// </summary>
public sealed class ProcessMonitor : IDisposable
{
    /// <summary>Polling period of the fallback: a VRRP backup needs about three advert intervals (3 s by default)
    /// to take over, so a process found missing within 1 s costs at most a third of that; one pass reads one small
    /// file per process (about 1 ms for 300 processes).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Action<int, ProcessDelta> _post;
    private readonly Socket? _socket;
    private readonly StopSignal _stop = new();
    private readonly ManualResetEventSlim _stopPoll = new();
    private readonly Dictionary<int, string> _seen = []; // polling only: every pid and its name at the last pass
    private ProcessTable _table = new(new Dictionary<string, ProcessPattern>());
    private int _generation;
    private Thread? _thread;

    /// <param name="post">Receives (generation, delta) on the monitor's thread.</param>
    /// <param name="forcePolling">Skip the connector (tests of the fallback).</param>
    public ProcessMonitor(Action<int, ProcessDelta> post, bool forcePolling = false)
    {
        _post = post;
        if (!forcePolling)
        {
            var (socket, detail) = ProcConnector.Open();
            _socket = socket;
            Mode = socket is null ? $"polling /proc every {PollInterval.TotalSeconds:0.#} s ({detail})" : detail;
        }
        else
        {
            Mode = $"polling /proc every {PollInterval.TotalSeconds:0.#} s";
        }
    }

    /// <summary>How processes are followed, for the log.</summary>
    public string Mode { get; }

    public bool UsesConnector => _socket is not null;

    /// <summary>Sets the patterns and scans /proc: returns the new generation and each tracker's count. Deltas
    /// posted afterwards carry this generation.</summary>
    public (int Generation, Dictionary<string, int> Counts) Configure(
        IReadOnlyDictionary<string, ProcessPattern> patterns)
    {
        lock (_gate)
        {
            _table = new ProcessTable(patterns);
            _generation++;
            _seen.Clear();
            foreach (var pid in ProcFs.Pids())
            {
                if (ProcFs.ReadStat(pid) is not { } stat)
                    continue;
                _seen[pid] = stat.Comm;
                if (stat.State is 'Z' or 'X')
                    continue;
                _table.Update(
                    pid,
                    stat.Comm,
                    _table.NeedsCommandLine ? ProcFs.ReadCommandLine(pid) : [],
                    ProcessCause.Scan);
            }
            return (_generation, _table.Counts());
        }
    }

    public void Start()
    {
        _thread = new Thread(_socket is null ? PollLoop : EventLoop) { IsBackground = true, Name = "process-monitor" };
        _thread.Start();
    }

    private void EventLoop()
    {
        var buffer = new byte[64 * 1024];
        while (_stop.WaitReadable(_socket!.Handle))
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (SocketException)
            {
                // ENOBUFS: events were lost. Rescan and tell the driver the counts through deltas against the old ones.
                Resync();
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            lock (_gate)
            {
                foreach (var e in ProcConnector.Parse(buffer, n))
                    Handle(e);
            }
        }
    }

    private void Handle(ProcConnector.Event e)
    {
        List<ProcessDelta> deltas;
        switch (e.What)
        {
            case ProcConnector.Fork when e.Pid == e.Tgid: // a new process, not a new thread
                deltas = _table.Fork(e.ParentTgid, e.Tgid);
                break;
            case ProcConnector.Exec:
                if (ProcFs.ReadStat(e.Tgid) is not { } stat)
                    return;
                deltas = _table.Update(
                    e.Tgid,
                    stat.Comm,
                    _table.NeedsCommandLine ? ProcFs.ReadCommandLine(e.Tgid) : [],
                    ProcessCause.Exec);
                break;
            case ProcConnector.Comm when e.Pid == e.Tgid:
                deltas = _table.Rename(e.Tgid, e.Comm ?? string.Empty);
                break;
            case ProcConnector.Exit when e.Pid == e.Tgid:
                deltas = _table.Exit(e.Tgid);
                break;
            default:
                return;
        }
        foreach (var d in deltas)
            _post(_generation, d);
    }

    private void Resync()
    {
        lock (_gate)
        {
            var before = _table.Counts();
            var table = _table;
            table.Clear();
            foreach (var pid in ProcFs.Pids())
            {
                if (ProcFs.ReadStat(pid) is { State: not ('Z' or 'X') } stat)
                {
                    table.Update(
                        pid,
                        stat.Comm,
                        table.NeedsCommandLine ? ProcFs.ReadCommandLine(pid) : [],
                        ProcessCause.Scan);
                }
            }
            foreach (var (name, count) in table.Counts())
            {
                int diff = count - before.GetValueOrDefault(name);
                for (int i = 0; i < Math.Abs(diff); i++)
                    _post(_generation, new ProcessDelta(name, Math.Sign(diff), ProcessCause.Scan));
            }
        }
    }

    private void PollLoop()
    {
        while (!_stopPoll.Wait(PollInterval))
        {
            lock (_gate)
                PollOnce();
        }
    }

    /// <summary>One pass: gone pids exit, new ones exec (or fork, when the parent is a tracked process), and a
    /// renamed one is matched again. An exec that keeps the name is not seen by polling.</summary>
    private void PollOnce()
    {
        var alive = new HashSet<int>();
        foreach (var pid in ProcFs.Pids())
        {
            if (ProcFs.ReadStat(pid) is not { } stat)
                continue;
            if (stat.State is 'Z' or 'X')
                continue;
            alive.Add(pid);
            if (_seen.TryGetValue(pid, out var comm) && comm == stat.Comm)
                continue;
            var cause = !_seen.ContainsKey(pid) && _table.IsTracked(stat.ParentPid)
                ? ProcessCause.Fork
                : ProcessCause.Exec;
            _seen[pid] = stat.Comm;
            Post(_table.Update(pid, stat.Comm, _table.NeedsCommandLine ? ProcFs.ReadCommandLine(pid) : [], cause));
        }
        foreach (var pid in _seen.Keys.Where(p => !alive.Contains(p)).ToList())
        {
            _seen.Remove(pid);
            Post(_table.Exit(pid));
        }
    }

    private void Post(List<ProcessDelta> deltas)
    {
        foreach (var d in deltas)
            _post(_generation, d);
    }

    public void Dispose()
    {
        _stop.Set();
        _stopPoll.Set();
        _thread?.Join();
        _stop.Dispose();
        _stopPoll.Dispose();
        _socket?.Dispose();
    }
}
