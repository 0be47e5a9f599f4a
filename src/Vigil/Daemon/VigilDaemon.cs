using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Engine.Effects;
using Vigil.Linux.Announce;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;
using Vigil.Linux.Signals;
using Vigil.Linux.Sockets;
using EngineOutcome = Vigil.Engine.Events.ScriptOutcome;

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
    private readonly VrrpEngine _engine = new();
    private readonly Channel<DriverInput> _inputs = Channel.CreateUnbounded<DriverInput>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly List<EngineEffect> _effects = [];
    private readonly Dictionary<(string Interface, IpFamily Family), VrrpSocket> _sockets = [];
    private readonly Dictionary<string, LinkInfo> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotifyFifo> _fifos = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loggedOnce = new(StringComparer.Ordinal);
    private readonly RtNetlink _netlink;
    private readonly LinkMonitor _linkMonitor;
    private readonly Announcer _announcer;
    private readonly NotifyQueue _notify;
    private readonly CancellationTokenSource _stopping = new();
    private VigilConfig _config;

    public VigilDaemon(DaemonOptions options, VigilConfig config, DaemonLog log)
    {
        _options = options;
        _config = config;
        _log = log;
        _netlink = new RtNetlink();
        _linkMonitor = new LinkMonitor();
        _announcer = new Announcer();
        _notify = new NotifyQueue
        {
            Completed = (key, id, outcome) => _inputs.Writer.TryWrite(new DriverInput.NotifyDone(
                key, id, MapOutcome(outcome.Kind), outcome.Status)),
        };
    }

    /// <summary>The engine, for code that runs on the loop through <see cref="InvokeAsync{T}"/>.</summary>
    public VrrpEngine Engine => _engine;

    public DaemonOptions Options => _options;

    /// <summary>Runs <paramref name="func"/> on the driver's loop (the only thread that may touch the engine) and
    /// returns its result: the hook for the control socket, metrics and state dumps.</summary>
    public Task<T> InvokeAsync<T>(Func<VrrpEngine, T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inputs.Writer.TryWrite(new DriverInput.Invoke(() =>
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
            done.TrySetCanceled();
        return done.Task;
    }

    /// <summary>Asks the loop to stop as on SIGTERM.</summary>
    public void RequestStop() => _inputs.Writer.TryWrite(new DriverInput.Signal(PosixSignal.SIGTERM));

    /// <summary>Asks the loop to reload as on SIGHUP.</summary>
    public void RequestReload() => _inputs.Writer.TryWrite(new DriverInput.Signal(PosixSignal.SIGHUP));

    /// <summary>Extra signals (SIGUSR1/SIGUSR2 dumps) are handled here when set; called on the loop.</summary>
    public Action<PosixSignal, VrrpEngine>? OtherSignal { get; set; }

    /// <summary>Runs until SIGTERM/SIGINT (or <see cref="RequestStop"/>); returns the exit code.</summary>
    public async Task<int> RunAsync()
    {
        using var signals = new SignalSource();
        signals.Register((PosixSignal)10); // SIGUSR1: forwarded to OtherSignal
        signals.Register((PosixSignal)12); // SIGUSR2
        _ = PumpSignals(signals);
        Start();
        await LoopAsync().ConfigureAwait(false);
        return 0;
    }

    private async Task PumpSignals(SignalSource signals)
    {
        await foreach (var s in signals.Signals.ReadAllAsync().ConfigureAwait(false))
            _inputs.Writer.TryWrite(new DriverInput.Signal(s));
    }

    private async Task LoopAsync()
    {
        var reader = _inputs.Reader;
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
            var deadline = shuttingDown ? MonotonicTime.Min(shutdownAt, now.AddMicroseconds(50_000)) : _engine.NextDeadline;
            if (!reader.TryPeek(out _) && deadline > now)
                await WaitAsync(reader, deadline).ConfigureAwait(false);

            while (reader.TryRead(out var input))
            {
                now = MonotonicClock.Now();
                if (Handle(input, now) && !shuttingDown)
                {
                    shuttingDown = true;
                    shutdownAt = now.AddMicroseconds(5_000_000);
                }
                CarryOutEffects();
            }
            now = MonotonicClock.Now();
            if (!shuttingDown && _engine.NextDeadline <= now)
                _engine.OnTimer(now);
        }
    }

    /// <summary>Waits for input or the deadline. .NET timers have millisecond granularity, so the last
    /// stretch before a deadline is spent yielding rather than sleeping: a master-down timer then fires
    /// within tens of microseconds of its deadline instead of up to a millisecond late.</summary>
    private static async Task WaitAsync(ChannelReader<DriverInput> reader, MonotonicTime deadline)
    {
        var now = MonotonicClock.Now();
        long us = deadline.IsNever ? long.MaxValue : deadline.Microseconds - now.Microseconds;
        if (us > 2_000)
        {
            using var cts = new CancellationTokenSource();
            if (!deadline.IsNever)
                cts.CancelAfter(TimeSpan.FromMicroseconds(Math.Min(us - 1_500, int.MaxValue * 1000L)));
            try
            {
                await reader.WaitToReadAsync(cts.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
            }
        }
        while (MonotonicClock.Now() < deadline && !reader.TryPeek(out _))
            Thread.Yield();
    }

    /// <returns>True when the input asks the daemon to stop.</returns>
    private bool Handle(DriverInput input, MonotonicTime now)
    {
        switch (input)
        {
            case DriverInput.Packet p:
                Span<byte> src = stackalloc byte[16], dst = stackalloc byte[16];
                p.Received.Source.TryWriteBytes(src, out int sl);
                p.Received.Destination.TryWriteBytes(dst, out int dl);
                _engine.OnAdvertReceived(p.Interface, p.Family, src[..sl], dst[..dl], (byte)Math.Clamp(p.Received.Ttl, 0, 255),
                    p.Received.Payload, now);
                return false;
            case DriverInput.ScriptDone s:
                _engine.OnScriptCompleted(s.Completion, now);
                return false;
            case DriverInput.NotifyDone n:
                _engine.OnNotifyCompleted(n.Key, n.NotifyId, n.Outcome, n.ExitCode, now);
                return false;
            case DriverInput.Link l:
                OnLink(l.Info, now);
                return false;
            case DriverInput.Invoke i:
                i.Action();
                return false;
            case DriverInput.Signal { Number: PosixSignal.SIGHUP }:
                Reload(now);
                return false;
            case DriverInput.Signal { Number: PosixSignal.SIGTERM or PosixSignal.SIGINT } sig:
                _log.Info($"Received {(sig.Number == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT")}: stopping");
                _engine.OnShutdownRequested(now);
                return true;
            case DriverInput.Signal other:
                OtherSignal?.Invoke(other.Number, _engine);
                return false;
            default:
                return false;
        }
    }

    private void LogOnce(string key, string message)
    {
        if (_loggedOnce.Add(key))
            _log.Error(message);
    }

    internal static EngineOutcome MapOutcome(ScriptOutcomeKind kind) => kind switch
    {
        ScriptOutcomeKind.Exited => EngineOutcome.Exited,
        ScriptOutcomeKind.Signaled => EngineOutcome.Signaled,
        ScriptOutcomeKind.TimedOut => EngineOutcome.TimedOut,
        _ => EngineOutcome.CouldNotStart,
    };

    public void Dispose()
    {
        foreach (var s in _sockets.Values)
            s.Dispose();
        foreach (var f in _fifos.Values)
            f.Dispose();
        _linkMonitor.Dispose();
        _announcer.Dispose();
        _netlink.Dispose();
        _stopping.Dispose();
    }
}
