using System.Runtime.InteropServices;
using Vigil.Cli;
using Vigil.Daemon;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>Connects the operations surfaces to <c>vigil run</c> through the driver's own hooks
/// (<see cref="RunCommand.DaemonStarted"/>, <see cref="VigilDaemon.Ready"/> and friends): the host starts with the
/// daemon, relays its start-up, reloads and stop to systemd, writes the SIGUSR1/SIGUSR2 dumps, and is torn down
/// (control socket removed) when the process exits.</summary>
public static class DaemonAttachment
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private const PosixSignal SigUsr2 = (PosixSignal)12;

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
            if (signal is SigUsr1 or SigUsr2)
                _ = host.WriteDumpAsync(access.SnapshotOnLoop(engine), stats: signal == SigUsr2);
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Detach();
        s_host = host;
        host.Start();
    }

    private static void Detach()
    {
        var host = Interlocked.Exchange(ref s_host, null);
        host?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
