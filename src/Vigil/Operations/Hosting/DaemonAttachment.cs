using System.Runtime.InteropServices;
using Vigil.Cli;
using Vigil.Daemon;
using Vigil.Operations.Dumps;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>Connects the operations surfaces to <c>vigil run</c> through the driver's own hooks
/// (<see cref="RunCommand.DaemonStarted"/>, <see cref="VigilDaemon.Ready"/> and friends): the host starts with the
/// daemon, relays its start-up, reloads and stop to systemd, writes the SIGUSR1/SIGUSR2 dumps, and is torn down
/// (control socket removed) when the process exits.</summary>
public static class DaemonAttachment
{

    private static OperationsHost? s_host;

    /// <summary>Installs the hook; the dispatcher calls it once before running any command.</summary>
    public static void Install() => RunCommand.DaemonStarted = Attach;

    private static void Attach(VigilDaemon daemon)
    {
        var log = new DaemonLog(daemon.Options.LogDetail, daemon.Options.LogConsole);
        var access = new VigilDaemonAccess(daemon, DateTimeOffset.UtcNow);
        var host = new OperationsHost(new OperationsHostOptions
        {
            ControlSocket = daemon.Options.ControlSocket,
            Metrics = daemon.Options.Metrics,
            Systemd = SystemdEnvironment.FromProcess(),
            LifecycleFromDriver = true,
        }, access, log.Info);
        // The driver calls these on its loop, so reading the engine there is safe.
        daemon.Ready = () => host.OnDaemonReady(StatusLine.For(daemon.Engine.GetStatus()));
        daemon.Reloading = host.OnReloading;
        daemon.Reloaded = _ => host.OnReloaded(StatusLine.For(daemon.Engine.GetStatus()));
        daemon.Stopping = host.NotifyStopping;
        daemon.ScriptCompleted = host.RecordScriptCompletion;
        host.MailStats = () => daemon.MailStats;
        daemon.OtherSignal = (signal, engine) =>
        {
            if (DumpFor((int)signal) is { } kind)
                _ = host.WriteDumpAsync(access.SnapshotOnLoop(engine), kind);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Detach();
        s_host = host;
        host.Start();
    }

    /// <summary>keepalived's DATA, STATS, STATS_CLEAR and JSON signals (`vigil --signum=NAME`).</summary>
    private static DumpKind? DumpFor(int signal) =>
        signal == KeepalivedSignals.Data ? DumpKind.Data
        : signal == KeepalivedSignals.Stats ? DumpKind.Stats
        : signal == KeepalivedSignals.StatsClear ? DumpKind.StatsClear
        : signal == KeepalivedSignals.Json ? DumpKind.Json
        : null;

    private static void Detach()
    {
        var host = Interlocked.Exchange(ref s_host, null);
        host?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
