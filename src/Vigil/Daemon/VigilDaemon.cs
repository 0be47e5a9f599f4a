using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Logging;
using Vigil.Engine.Ports;
using Vigil.Linux.Announce;
using Vigil.Linux.Mail;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;
using Vigil.Linux.Signals;
using Vigil.Linux.Sockets;
using Vigil.Logging;

namespace Vigil.Daemon;

/// <summary>
/// The async driver: one loop that waits for a packet, a netlink link change, a finished script, a signal or
/// the engine's next deadline, feeds the engine, and carries out its effects. Only the loop touches the
/// engine; everything slow (scripts, notifies) runs off the loop and reports back through the input channel,
/// so a hung script or a slow notify never delays an advert. Kernel requests made from the loop (sendto,
/// rtnetlink address changes, AF_PACKET sends) complete in microseconds.
/// </summary>
public sealed partial class VigilDaemon : IDisposable
{
    private readonly DaemonOptions _options;
    private readonly DaemonLog _log;
    // One logger per category (docs/logging.md); every line is a [LoggerMessage] of src/Vigil/Logging.
    private readonly ILogger _logger;
    private readonly ILogger _vmacLogger;
    private readonly ILogger _firewallLogger;
    private readonly ILogger _mailLogger;
    private readonly string _version;
    private readonly IDaemonObserver? _observer;
    // auth_hmac sequences are UTC (keepalived's); the engine reads the wall clock only through this.
    private readonly VrrpEngine _engine = new() { WallClock = SystemWallClock.Instance };
    private readonly DriverInbox _inbox = new();
    private readonly PacketPool _packets = new();
    private readonly ScriptLaunches _scriptLaunches;
    private readonly LatencyTrace _timerLateness = new("timer fired late by");
    private readonly LatencyTrace _receiveLatency = new("advert handled after kernel arrival in");
    private readonly LatencyTrace _sendLatency = new("advert sent after its timer in");
    private MonotonicTime _timerAt = MonotonicTime.Never;
    private DirectStopSignals? _directStop;
    private MonotonicTime _lastFed = MonotonicTime.Zero;
    private readonly LatencyTrace _addressLatency = new("address change took");
    private readonly EffectPump _pump;
    private readonly Dictionary<(string Interface, IpFamily Family), VrrpSocket> _sockets = [];
    // VRRPv2 auth_type AH: one raw IPv4 protocol 51 socket per interface that has such an instance.
    private readonly Dictionary<string, VrrpSocket> _ahSockets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkInfo> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotifyFifo> _fifos = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedOnce = new(StringComparer.Ordinal);
    private readonly RtNetlink _netlink;
    private readonly LinkMonitor _linkMonitor;
    private readonly Announcer _announcer;
    private readonly AnnounceOffload<QueuedAnnounce> _announceOffload;
    private readonly NotifyQueue _notify;
    private readonly MailAlertSender _mail;
    private VigilConfig _config;

    // Reload state, touched only on the loop (see StartReload).
    private readonly List<TaskCompletionSource<ReloadVerdict>> _reloadWaiters = [];
    private bool _reloadRunning;
    private bool _reloadAgain;

    /// <param name="version">The version the start-up line names.</param>
    /// <param name="observer">Told of start-up, reloads, stop, script completions and extra signals; null for
    /// none.</param>
    public VigilDaemon(
        DaemonOptions options,
        VigilConfig config,
        DaemonLog log,
        string version,
        IDaemonObserver? observer = null)
    {
        _options = options;
        _version = version;
        _observer = observer;
        _config = config;
        _log = log;
        _logger = log.CreateLogger(LogCategories.Daemon);
        _scriptLaunches = new ScriptLaunches(_inbox, (script, why) =>
            ThreadPool.QueueUserWorkItem(_ => _logger.TrackScriptNotStarted(script, why)));
        _vmacLogger = log.CreateLogger(LogCategories.Vmac);
        _firewallLogger = log.CreateLogger(LogCategories.Firewall);
        _mailLogger = log.CreateLogger(LogCategories.Mail);
        _pump = new EffectPump(_engine, new EnginePorts
        {
            Adverts = this, Addresses = this, Announcer = this, Scripts = this, Fifo = this, Alerts = this, Log = this,
            Clock = this, Firewall = this, Routes = this,
        });
        _netlink = new RtNetlink();
        _linkMonitor = new LinkMonitor();
        _announcer = new Announcer();
        _announceOffload = new AnnounceOffload<QueuedAnnounce>(SendQueued);
        ScriptRunner.StartSpawner();
        // Log writes may block: the sender calls these on its own task, never on the loop.
        _mail = new MailAlertSender(_mailLogger.MailProblem, _mailLogger.MailDetail);
        _notify = new NotifyQueue
        {
            Completed = (key, id, outcome) =>
            {
                // Called on a pool thread, where a log write may block: never on the loop.
                if (outcome.Kind == ScriptOutcome.CouldNotStart)
                    _logger.NotifyNotStarted(key, outcome.Describe());
                _inbox.TryPost(new DriverInput.NotifyDone(key, id, outcome.Kind, outcome.Status));
            },
        };
    }

    /// <summary>The engine, for code that runs on the loop through <see cref="InvokeAsync{T}"/>.</summary>
    public VrrpEngine Engine => _engine;

    public DaemonOptions Options => _options;

    /// <summary>Mail alerts sent, failed, dropped and queued (any thread).</summary>
    public MailAlertStats MailStats => _mail.Stats;

    /// <summary>Runs <paramref name="func"/> on the driver's loop (the only thread that may touch the engine) and
    /// returns its result: the hook for the control socket, metrics and state dumps.</summary>
    public Task<T> InvokeAsync<T>(Func<VrrpEngine, T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.TryPost(new DriverInput.Invoke(() =>
        {
            try
            {
                done.TrySetResult(func(_engine));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })))
        {
            done.TrySetCanceled();
        }

        return done.Task;
    }

    /// <summary>Asks the loop to stop as on SIGTERM; <paramref name="reason"/> is the log's account of who
    /// asked.</summary>
    public void RequestStop(string reason = "stop requested") => _inbox.TryPost(new DriverInput.Stop(reason));

    /// <summary>The log line's account of a shutdown input, or null when the input does not stop the daemon.</summary>
    public static string? StopReason(DriverInput input) => input switch
    {
        DriverInput.Signal { Number: PosixSignal.SIGTERM } => "Received SIGTERM",
        DriverInput.Signal { Number: PosixSignal.SIGINT } => "Received SIGINT",
        DriverInput.Stop stop => stop.Reason,
        _ => null,
    };

    /// <summary>Asks the loop to reload as on SIGHUP.</summary>
    public void RequestReload() => _inbox.TryPost(new DriverInput.Signal(PosixSignal.SIGHUP));

    /// <summary>Reloads as SIGHUP does and returns the verdict (the running configuration stays when the new one
    /// cannot run or would lose instances or VIPs to errors): for <c>vigil reload</c>, which reports it.</summary>
    public Task<ReloadVerdict> ReloadAsync()
    {
        var done = new TaskCompletionSource<ReloadVerdict>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.TryPost(new DriverInput.Invoke(() => StartReload(done))))
            done.TrySetCanceled();
        return done.Task;
    }

    /// <summary>Runs until SIGTERM/SIGINT (or <see cref="RequestStop"/>); returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        // SIGTERM and SIGINT wake the loop from a C handler when the native library is there (no thread started
        // between kill(2) and the priority-0 adverts); otherwise they come through the runtime like SIGHUP.
        using var direct = DirectStopSignals.TryInstall(_inbox.WakeHandle);
        _directStop = direct;
        using var signals = new SignalSource(
            s => _inbox.TryPost(new DriverInput.Signal(s)),
            stopSignals: direct is null);
        // Further signals (keepalived's DATA, STATS, STATS_CLEAR and JSON dumps) are the observer's.
        foreach (var extra in _observer?.ExtraSignals ?? [])
            signals.Register(extra);
        Start();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new Thread(() =>
        {
            try
            {
                Loop();
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        })
        { Name = "vigil-loop", IsBackground = false };
        loop.Start();
        await done.Task.ConfigureAwait(false);
        FlushFirewall();
        // Scripts still running (a track script, a hung notify) get SIGTERM, then SIGKILL: one that ignores SIGTERM
        // must not outlive the daemon as an orphan running as root.
        if (!ScriptRunner.TerminateAll(ScriptRunner.KillGrace + TimeSpan.FromSeconds(2)))
            _logger.ScriptsOutlivedDaemon();
        await _mail.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>The loop, on its own thread: the only code that touches the engine.</summary>
    private void Loop()
    {
        Linux.Timing.WakeEvent.PreciseTimers();
        Linux.Timing.PromptWakeups.ForThisThread();
        bool shuttingDown = false;
        MonotonicTime shutdownAt = MonotonicTime.Never;
        while (true)
        {
            CarryOutEffects();
            var now = MonotonicClock.Now();
            if (shuttingDown)
            {
                // Stopped: wait for STOP notifies to finish (bounded), then leave.
                if (_notify.Pending == 0 || now >= shutdownAt)
                    break;
            }
            var deadline = shuttingDown
                ? MonotonicTime.Min(shutdownAt, now.AddMicroseconds(50_000))
                : MonotonicTime.Min(_engine.NextDeadline, MemoryWake(now));
            ScriptRunner.PublishLoopDeadline(shuttingDown ? long.MaxValue : MonotonicClock.ToTimestamp(deadline));
            _inbox.WaitUntil(deadline);
            if (!shuttingDown && _directStop?.Take() is { } stop)
            {
                // Before anything queued: the priority-0 adverts are the first thing the loop does after a stop.
                now = MonotonicClock.Now();
                Handle(new DriverInput.Signal(stop), now);
                shuttingDown = true;
                shutdownAt = now.AddMicroseconds(5_000_000);
                CarryOutEffects();
            }

            // Inputs and timers in the order they happened. The engine keeps its instances in deadline order, so
            // reading the next deadline before each input costs a heap's minimum, not a scan of every instance.
            while (_inbox.TryTake(out var input))
            {
                now = MonotonicClock.Now();
                if (!shuttingDown && DriverInput.TimersFirst(_engine.NextDeadline, input, now))
                    RunTimers(now);
                if (Handle(input, now) && !shuttingDown)
                {
                    shuttingDown = true;
                    shutdownAt = now.AddMicroseconds(5_000_000);
                }
                CarryOutEffects();
            }
            now = MonotonicClock.Now();
            if (!shuttingDown && _engine.NextDeadline <= now)
                RunTimers(now);
            if (!shuttingDown)
            {
                CollectSettledGarbage(now);
                TrimImagePages(now);
            }
        }
        DeleteVmacs();
        _inbox.Close();
        foreach (var w in _reloadWaiters)
            w.TrySetCanceled();
        if (_log.Detail)
        {
            _logger.LatencySummary(_timerLateness.Summary());
            _logger.LatencySummary(_receiveLatency.Summary());
            _logger.LatencySummary(_sendLatency.Summary());
            _logger.LatencySummary(_addressLatency.Summary());
            _logger.LatencySummary(_routeLatency.Summary());
            _logger.LatencySummary(_routeBatchLatency.Summary());
        }
    }

    private void RunTimers(MonotonicTime now)
    {
        var due = _engine.NextDeadline;
        _engine.OnTimer(now);
        _lastFed = now;
        if (_log.Detail)
        {
            _timerLateness.Add(now.Microseconds - due.Microseconds);
            _timerAt = now;
            _routeDecisionAt = now;
        }
        CarryOutEffects();
    }

    /// <summary>A received advert into the engine, at the kernel's arrival time.</summary>
    private void HandlePacket(DriverInput.Packet p, MonotonicTime now)
    {
        Span<byte> src = stackalloc byte[16], dst = stackalloc byte[16];
        p.Source.TryWriteBytes(src, out int sl);
        p.Destination.TryWriteBytes(dst, out int dl);
        if (_log.Detail)
            _receiveLatency.Add(now.Microseconds - p.At.Microseconds);
        // Timers restart from the kernel's arrival time, so a late wake-up of this thread does not
        // stretch Master_Down_Interval or Skew_Time.
        // Never earlier than a time the engine has already seen: its clock must not run backwards.
        now = p.At > _lastFed ? p.At : _lastFed;
        _lastFed = now;
        if (p.Protocol == Core.Protocol.VrrpAh.Protocol)
        {
            _engine.OnAhAdvertReceived(p.Interface, p.Payload, now);
        }
        else
        {
            _engine.OnAdvertReceived(
                p.Interface,
                p.Family,
                src[..sl],
                dst[..dl],
                (byte)Math.Clamp(p.Ttl, 0, 255),
                p.Payload,
                now);
        }
    }

    /// <returns>True when the input asks the daemon to stop.</returns>
    private bool Handle(DriverInput input, MonotonicTime now)
    {
        if (input is not DriverInput.Packet)
            _lastFed = now;
        switch (input)
        {
            case DriverInput.Packet p:
                HandlePacket(p, now);
                _packets.Return(p);
                return false;
            case DriverInput.ScriptDone s:
                _engine.OnScriptCompleted(s.Completion, now);
                _observer?.OnScriptCompleted(s.Completion);
                _scriptLaunches.Return(s);
                return false;
            case DriverInput.NotifyDone n:
                _engine.OnNotifyCompleted(n.Key, n.NotifyId, n.Outcome, n.ExitCode, now);
                return false;
            case DriverInput.Link l:
                OnLink(l.Info, now);
                return false;
            case DriverInput.AddressDeleted a:
                OnAddressDeleted(a.Address, now);
                return false;
            case DriverInput.ProcessChanged pc:
                if (pc.Generation == _processGeneration)
                    _engine.OnProcessChanged(pc.Delta.Tracker, pc.Delta.Delta, pc.Delta.Cause, now);
                return false;
            case DriverInput.Invoke i:
                i.Action();
                ScheduleImageTrim();
                return false;
            case DriverInput.Signal { Number: PosixSignal.SIGHUP }:
                StartReload(null);
                return false;
            case DriverInput.Signal { Number: PosixSignal.SIGTERM or PosixSignal.SIGINT } or DriverInput.Stop:
                // The priority-0 adverts leave first (the engine orders them before everything else), then the log
                // line and systemd's STOPPING=1 in their usual place before the rest of the shutdown.
                _engine.OnShutdownRequested(now);
                _pump.RunLeadingAdverts();
                _logger.Stopping(StopReason(input) ?? string.Empty);
                _observer?.OnStopping();
                CarryOutEffects();
                return true;
            case DriverInput.Signal other:
                _observer?.OnSignal(other.Number, _engine);
                return false;
            default:
                return false;
        }
    }

    /// <summary>True the first time <paramref name="key"/> is seen: a failure that repeats is logged once.</summary>
    private bool FirstTime(string key) => _loggedOnce.Add(key);


    public void Dispose()
    {
        foreach (var s in _sockets.Values)
            s.Dispose();
        foreach (var s in _ahSockets.Values)
            s.Dispose();
        foreach (var f in _fifos.Values)
            f.Dispose();
        _linkMonitor.Dispose();
        _processMonitor?.Dispose();
        _announceOffload.Dispose();
        _announcer.Dispose();
        _netlink.Dispose();
        _inbox.Dispose();
    }
}
