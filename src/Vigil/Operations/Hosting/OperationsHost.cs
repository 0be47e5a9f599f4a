using Vigil.Core.Primitives;
using Vigil.Engine.Events;
using Vigil.Linux.Mail;
using Vigil.Operations.Control;
using Vigil.Operations.Dumps;
using Vigil.Operations.Metrics;
using Vigil.Operations.Status;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>
/// Everything an operator or a supervisor talks to, around one running daemon: the control socket (status,
/// explain, reload, stop), <c>/metrics</c>, systemd notifications (READY, RELOADING, STOPPING, STATUS, WATCHDOG)
/// and the SIGUSR1/SIGUSR2 dumps. It only reads the daemon through snapshots taken on the daemon's loop, so it
/// can never disturb the protocol; if the loop stops turning, status requests time out and the watchdog goes
/// quiet, which is exactly what a supervisor needs to see.
/// </summary>
public sealed class OperationsHost : IControlHandler, IAsyncDisposable
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(5);

    private readonly OperationsHostOptions _options;
    private readonly IDaemonAccess _daemon;
    private readonly Action<string> _log;

    /// <summary>The counters at the last STATS_CLEAR, per instance: the stats dump shows the counts since
    /// then.</summary>
    private readonly Dictionary<string, Vigil.Engine.Status.InstanceCounters> _statsBaseline = [];
    private readonly SystemdNotifier _systemd;
    private readonly ScriptRunRecorder _scriptRuns = new();

    // One buffer of instance figures kept for the next scrape (at 4,000 instances about 800 KB, against 3.2 MB of
    // status records that every scrape used to leave as garbage); a second scrape at the same moment makes its own.
    private readonly ReusePool<FiguresBuffer> _figures = new(1, () => new FiguresBuffer());
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private ControlServer? _control;
    private MetricsHttpServer? _metrics;
    private WatchdogPinger? _watchdog;
    private Task? _poller;
    private long _lastLoopAnswerTicks;
    private string? _lastStatusLine;
    private int _stoppingSent;

    public OperationsHost(OperationsHostOptions options, IDaemonAccess daemon, Action<string> log)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _daemon = daemon ?? throw new ArgumentNullException(nameof(daemon));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _systemd = new SystemdNotifier(options.Systemd);
    }

    /// <summary>Set once READY=1 has been sent (the daemon's loop answered for the first time).</summary>
    public Task Ready => _ready.Task;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The metrics endpoint actually bound (tests ask for port 0).</summary>
    public System.Net.IPEndPoint? MetricsEndPoint => _metrics?.EndPoint;

    /// <summary>Opens the control socket and the metrics port and starts watching the daemon. A surface that cannot
    /// be opened is logged and left off: VRRP keeps running, which matters more than being observed.</summary>
    public void Start()
    {
        if (_options.ControlSocket is { } path)
        {
            try
            {
                _control = ControlServer.Start(path, this, _log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log($"Control socket disabled: {e.Message}");
            }
        }
        if (_options.Metrics is { } metrics)
        {
            if (!MetricsEndpoint.TryParse(metrics, out var endPoint, out var error))
            {
                _log($"Metrics disabled: --metrics {error}");
            }
            else
            {
                try
                {
                    _metrics = MetricsHttpServer.Start(endPoint, RenderMetricsAsync, _log);
                    _log($"Metrics at http://{_metrics.EndPoint}/metrics");
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    _log($"Metrics disabled: cannot listen on {metrics}: {e.Message}");
                }
            }
        }
        _watchdog = WatchdogPinger.StartIfRequested(_systemd, IsLoopAlive);
        // The poll feeds systemd only (STATUS= changes, STOPPING=, the watchdog's proof that the loop answers), and
        // when the driver does not report its own lifecycle, READY=. Outside systemd a driver-led daemon has no use
        // for it, and a snapshot of every instance twice a second would be the idle daemon's largest cost.
        if (_systemd.IsEnabled || !_options.LifecycleFromDriver)
            _poller = PollAsync(_stop.Token);
    }

    /// <summary>The mail alert counters (read from any thread), for <c>/metrics</c>.</summary>
    public Func<Vigil.Linux.Mail.MailAlertStats>? MailStats { get; set; }

    /// <summary>The driver reports every script completion here, once: exact run counts and durations for the
    /// metrics (a snapshot only shows the last run, so counting from snapshots would miss runs).</summary>
    public void RecordScriptCompletion(ScriptCompletion completion) => _scriptRuns.Record(completion);

    /// <summary>The driver finished starting (called on its loop with the instance states).</summary>
    public void OnDaemonReady(string statusLine)
    {
        _systemd.Ready(statusLine);
        _lastStatusLine = statusLine;
        _ready.TrySetResult();
    }

    /// <summary>The driver begins a reload (SIGHUP or the control socket).</summary>
    public void OnReloading() => _systemd.Reloading();

    /// <summary>The driver finished a reload, applied or refused: either way it runs and is ready again.</summary>
    public void OnReloaded(string statusLine)
    {
        _systemd.Ready(statusLine);
        _lastStatusLine = statusLine;
    }

    /// <summary>SIGTERM/SIGINT reached the daemon: tell systemd once.</summary>
    public void NotifyStopping()
    {
        if (Interlocked.Exchange(ref _stoppingSent, 1) == 0)
            _systemd.Stopping("stopping: masters hand over with a priority-0 advert");
    }

    /// <summary>SIGUSR1 (<paramref name="stats"/> false) or SIGUSR2 (true).</summary>
    public Task WriteDumpAsync(StatusSnapshot snapshot, bool stats) =>
        WriteDumpAsync(snapshot, stats ? DumpKind.Stats : DumpKind.Data);

    /// <summary>Writes a dump from a snapshot. Call it with a snapshot taken on the loop; the file is written off the
    /// loop. STATS_CLEAR writes the counters, then the stats dumps count from that moment (the engine's counters and
    /// the metrics stay monotonic, as Prometheus needs).</summary>
    public Task WriteDumpAsync(StatusSnapshot snapshot, DumpKind kind)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var global = snapshot.Config?.Global;
        var path = kind switch
        {
            DumpKind.Stats or DumpKind.StatsClear => global?.StatsDumpFile ?? _options.StatsDumpPath,
            DumpKind.Json => global?.JsonDumpFile ?? _options.JsonDumpPath,
            _ => global?.StateDumpFile ?? _options.DataDumpPath,
        };
        string text;
        lock (_statsBaseline)
        {
            text = kind switch
            {
                DumpKind.Stats
                    or DumpKind.StatsClear => StatsDumpWriter.Render(StatsDumpWriter.Since(snapshot, _statsBaseline)),
                DumpKind.Json => JsonDumpWriter.Render(snapshot, global?.JsonVersion ?? 1),
                _ => DataDumpWriter.Render(snapshot),
            };
            if (kind == DumpKind.StatsClear)
            {
                foreach (var i in snapshot.Engine.Instances)
                    _statsBaseline[i.Name] = i.Counters;
            }
        }
        return Task.Run(() =>
        {
            try
            {
                DumpFile.Write(path, text);
                _log(
                    $"{kind switch { DumpKind.Json => "JSON", DumpKind.Data => "Data", _ => "Statistics" }} written " +
                    $"to {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log($"Cannot write {path}: {e.Message}");
            }
        });
    }

    public async ValueTask<byte[]> HandleAsync(ControlRequest request, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Command)
        {
            case ControlCommand.Status:
                return StatusJsonWriter.Status(await SnapshotAsync(cancel).ConfigureAwait(false));
            case ControlCommand.Explain:
            {
                var snapshot = await SnapshotAsync(cancel).ConfigureAwait(false);
                return StatusJsonWriter.Explain(snapshot, request.Argument!)
                    ?? ControlJson.Error($"no instance named '{request.Argument}' (instances: " +
                        $"{(snapshot.Engine.Instances.Count == 0
                            ? "none"
                            : string.Join(", ", snapshot.Engine.Instances.Select(i => i.Name)))})");
            }
            case ControlCommand.Reload:
                return await ReloadAsync(cancel).ConfigureAwait(false);
            case ControlCommand.Stop:
                NotifyStopping();
                _daemon.RequestStop();
                return ControlJson.Ok("stopping: masters hand over with a priority-0 advert");
            default:
                return ControlJson.Error("unsupported request");
        }
    }

    private async Task<byte[]> ReloadAsync(CancellationToken cancel)
    {
        await _reloadGate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_options.LifecycleFromDriver)
            {
                var applied = await _daemon.ReloadAsync(cancel).ConfigureAwait(false);
                return applied.Applied
                    ? ControlJson.Ok(applied.Message)
                    : ControlJson.Error(applied.Message, applied.Diagnostics);
            }
            _systemd.Reloading();
            ReloadOutcome outcome;
            try
            {
                outcome = await _daemon.ReloadAsync(cancel).ConfigureAwait(false);
            }
            finally
            {
                // READY=1 even after a refused reload: the daemon is running its old configuration, and systemd must
                // not be left believing it is still reloading.
                var line = await TryStatusLineAsync(cancel).ConfigureAwait(false);
                _systemd.Ready(line);
            }
            return outcome.Applied
                ? ControlJson.Ok(outcome.Message)
                : ControlJson.Error(outcome.Message, outcome.Diagnostics);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private async Task<string?> TryStatusLineAsync(CancellationToken cancel)
    {
        try
        {
            return StatusLine.For((await SnapshotAsync(cancel).ConfigureAwait(false)).Engine);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    private Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel) => AskLoopAsync(_daemon.SnapshotAsync, cancel);

    // Every question to the loop is bounded in time, and every answer feeds the watchdog.
    private async Task<StatusSnapshot> AskLoopAsync(Func<CancellationToken, Task<StatusSnapshot>> ask,
        CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
        timeout.CancelAfter(SnapshotTimeout);
        try
        {
            var snapshot = await ask(timeout.Token).ConfigureAwait(false);
            Volatile.Write(ref _lastLoopAnswerTicks, Environment.TickCount64);
            return snapshot;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"the daemon's loop did not answer within {SnapshotTimeout.TotalSeconds:0} s");
        }
    }

    private async ValueTask<IEnumerable<MetricsPage>> RenderMetricsAsync(MetricsPage page, CancellationToken cancel)
    {
        // A buffer that does not come back (the loop did not answer in time and may still fill it) is left to the
        // collector, never reused.
        var figures = _figures.Rent();
        var snapshot = await AskLoopAsync(c => _daemon.FiguresAsync(figures, c), cancel).ConfigureAwait(false);
        return MetricsSteps(page, snapshot, figures, MailStats?.Invoke() ?? default);
    }

    // The instances' figures, then the runtime's, in one page that the server sends as it fills; the figures'
    // buffer goes back to the pool when the server is done with the steps.
    private IEnumerable<MetricsPage> MetricsSteps(MetricsPage page, StatusSnapshot snapshot, FiguresBuffer figures,
        MailAlertStats mail)
    {
        try
        {
            foreach (var step in MetricsRenderer.Write(page, snapshot, figures, _scriptRuns, mail))
                yield return step;
            RuntimeMetrics.Append(page);
            yield return page;
        }
        finally
        {
            _figures.Return(figures);
        }
    }

    // The watchdog is fed only while the loop keeps answering: a wedged loop must let systemd restart us.
    private bool IsLoopAlive()
    {
        var last = Volatile.Read(ref _lastLoopAnswerTicks);
        var limit = (_options.Systemd.WatchdogTimeout ?? TimeSpan.FromSeconds(10)) / 2 + _options.PollInterval;
        return last != 0 && Environment.TickCount64 - last <= limit.TotalMilliseconds;
    }

    private async Task PollAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            StatusSnapshot snapshot;
            try
            {
                snapshot = await SnapshotAsync(cancel).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                _log($"Operations: {e.Message}");
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var line = StatusLine.For(snapshot.Engine);
            if (!_ready.Task.IsCompleted && !_options.LifecycleFromDriver)
            {
                _systemd.Ready(line);
                _lastStatusLine = line;
                _ready.TrySetResult();
            }
            else if (_ready.Task.IsCompleted && line != _lastStatusLine)
            {
                _systemd.Status(line);
                _lastStatusLine = line;
            }
            if (snapshot.Engine.Stopped)
                NotifyStopping();
        }
        while (await WaitTick(timer, cancel).ConfigureAwait(false));
    }

    private static async Task<bool> WaitTick(PeriodicTimer timer, CancellationToken cancel)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_poller is not null)
            await _poller.ConfigureAwait(false);
        if (_watchdog is not null)
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        if (_control is not null)
            await _control.DisposeAsync().ConfigureAwait(false);
        if (_metrics is not null)
            await _metrics.DisposeAsync().ConfigureAwait(false);
        _systemd.Dispose();
        _reloadGate.Dispose();
        _stop.Dispose();
    }
}
