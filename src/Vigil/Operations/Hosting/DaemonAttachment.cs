using System.Runtime.InteropServices;
using Vigil.Cli;
using Vigil.Daemon;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>Connects the operations surfaces to <c>vigil run</c> through the driver's own hooks
/// (<see cref="RunCommand.DaemonStarted"/>, <see cref="VigilDaemon.OtherSignal"/>): the host starts with the daemon,
/// writes the SIGUSR1/SIGUSR2 dumps, tells systemd about stopping, and is torn down (control socket removed) when the
/// process exits.</summary>
public static class DaemonAttachment
{
    private const PosixSignal SigUsr1 = (PosixSignal)10;
    private const PosixSignal SigUsr2 = (PosixSignal)12;

    private static OperationsHost? s_host;
    private static readonly List<PosixSignalRegistration> s_signals = [];

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
        }, access, log.Info);
        daemon.OtherSignal = (signal, engine) =>
        {
            if (signal is SigUsr1 or SigUsr2)
                _ = host.WriteDumpAsync(access.SnapshotOnLoop(engine), stats: signal == SigUsr2);
        };
        // The driver handles SIGTERM/SIGINT itself; this second registration only tells systemd, at once, that the
        // stop is deliberate (it leaves the default action to the driver's handler).
        foreach (var s in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGINT])
            s_signals.Add(PosixSignalRegistration.Create(s, _ => host.NotifyStopping()));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Detach();
        s_host = host;
        host.Start();
    }

    private static void Detach()
    {
        foreach (var r in s_signals)
            r.Dispose();
        s_signals.Clear();
        var host = Interlocked.Exchange(ref s_host, null);
        host?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
