using System.Runtime.InteropServices;

namespace Vigil.Linux.Signals;

/// <summary>
/// SIGTERM, SIGINT and SIGHUP handed to a delivery callback (the default action is cancelled, so the driver
/// decides). The callback runs on the runtime's signal-dispatch thread and must only post (the daemon's inbox
/// wakes its loop directly: no channel or thread-pool hop between a SIGTERM and the priority-0 adverts).
/// SIGUSR1/SIGUSR2 are not registered here: <see cref="Register"/> lets the operations code add them (or any
/// other) later with the same delivery.
/// </summary>
public sealed class SignalSource : IDisposable
{
    private readonly Action<PosixSignal> _deliver;
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <param name="stopSignals">False when SIGTERM and SIGINT are taken by <see cref="DirectStopSignals"/>.</param>
    public SignalSource(Action<PosixSignal> deliver, bool stopSignals = true)
    {
        _deliver = deliver;
        if (stopSignals)
        {
            Register(PosixSignal.SIGTERM);
            Register(PosixSignal.SIGINT);
        }
        Register(PosixSignal.SIGHUP);
    }

    /// <summary>Delivers <paramref name="signal"/> to the callback; raw numbers are accepted as (PosixSignal)10
    /// for SIGUSR1 and (PosixSignal)12 for SIGUSR2.</summary>
    public void Register(PosixSignal signal)
    {
        // A signal ignored by whoever started us (nohup ignores SIGHUP, a shell's background job SIGINT) stays
        // ignored across exec, and .NET then installs no handler: reloads would silently never happen. keepalived
        // handles its signals whatever it inherited; so do we.
        ResetToDefault(signal);
        _registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            _deliver(ctx.Signal);
        }));
    }

    private static void ResetToDefault(PosixSignal signal)
    {
        var number = signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => (int)signal > 0 ? (int)signal : 0,
        };
        if (number > 0)
            Native.Libc.signal(number, 0);
    }

    public void Dispose()
    {
        foreach (var r in _registrations)
            r.Dispose();
    }
}
