using System.Runtime.InteropServices;
using Vigil.Cli;
using Vigil.Config;
using Vigil.Daemon;
using Vigil.Engine;
using Vigil.Engine.Events;
using Vigil.Engine.Logging;
using Vigil.Logging;
using Vigil.Operations.Dumps;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>The operations surfaces of <c>vigil run</c>, composed with the daemon where it is built
/// (<see cref="RunCommand"/>): the daemon tells this observer of its start-up, reloads and stop, which go to
/// systemd; the SIGUSR1/SIGUSR2 (and keepalived's other dump) signals write dumps; the control socket and
/// metrics read the daemon through <see cref="VigilDaemonAccess"/>. Disposing removes the control socket.</summary>
public sealed class DaemonOperations : IDaemonObserver, IDisposable
{
    private OperationsHost? _host;
    private VigilDaemonAccess? _access;

    /// <summary>keepalived's DATA, STATS, STATS_CLEAR and JSON signals (`vigil --signum=NAME`).</summary>
    public IReadOnlyList<PosixSignal> ExtraSignals { get; } =
    [
        (PosixSignal)KeepalivedSignals.Data, (PosixSignal)KeepalivedSignals.Stats,
        (PosixSignal)KeepalivedSignals.StatsClear, (PosixSignal)KeepalivedSignals.Json,
    ];

    /// <summary>Starts the control socket, metrics and systemd notifications for <paramref name="daemon"/>, before
    /// its loop runs.</summary>
    public void Start(VigilDaemon daemon)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        var log = new DaemonLog(daemon.Options.LogDetail, daemon.Options.LogConsole);
        _access = new VigilDaemonAccess(daemon, DateTimeOffset.UtcNow);
        _host = new OperationsHost(new OperationsHostOptions
        {
            ControlSocket = daemon.Options.ControlSocket,
            Metrics = daemon.Options.Metrics,
            Systemd = SystemdEnvironment.FromProcess(),
            LifecycleFromDriver = true,
        }, _access, log.CreateLogger(LogCategories.Operations).OperationsNote)
        {
            MailStats = () => daemon.MailStats,
        };
        // A way out that skips the caller's clean-up (Environment.Exit) still removes the control socket.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        _host.Start();
    }

    public void OnReady(VrrpEngine engine) => _host?.OnDaemonReady(StatusLine.For(engine.GetStatus()));

    public void OnReloading() => _host?.OnReloading();

    public void OnReloaded(ConfigResult result, VrrpEngine engine) =>
        _host?.OnReloaded(StatusLine.For(engine.GetStatus()));

    public void OnStopping() => _host?.NotifyStopping();

    public void OnScriptCompleted(ScriptCompletion completion) => _host?.RecordScriptCompletion(completion);

    public void OnSignal(PosixSignal signal, VrrpEngine engine)
    {
        if (_host is { } host && _access is { } access && DumpFor((int)signal) is { } kind)
            _ = host.WriteDumpAsync(access.SnapshotOnLoop(engine), kind);
    }

    private static DumpKind? DumpFor(int signal) =>
        signal == KeepalivedSignals.Data ? DumpKind.Data
        : signal == KeepalivedSignals.Stats ? DumpKind.Stats
        : signal == KeepalivedSignals.StatsClear ? DumpKind.StatsClear
        : signal == KeepalivedSignals.Json ? DumpKind.Json
        : null;

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var host = Interlocked.Exchange(ref _host, null);
        host?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
