using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Vigil.Linux.Signals;

/// <summary>
/// SIGTERM, SIGINT and SIGHUP as a channel the driver awaits (the default action is cancelled, so the driver
/// decides). SIGUSR1/SIGUSR2 are not registered here: <see cref="Register"/> lets the operations code add
/// them (or any other) later with the same delivery.
/// </summary>
public sealed class SignalSource : IDisposable
{
    private readonly Channel<PosixSignal> _signals = Channel.CreateUnbounded<PosixSignal>();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ChannelReader<PosixSignal> Signals => _signals.Reader;

    public SignalSource()
    {
        Register(PosixSignal.SIGTERM);
        Register(PosixSignal.SIGINT);
        Register(PosixSignal.SIGHUP);
    }

    /// <summary>Delivers <paramref name="signal"/> through <see cref="Signals"/>; raw numbers are accepted
    /// as (PosixSignal)10 for SIGUSR1 and (PosixSignal)12 for SIGUSR2.</summary>
    public void Register(PosixSignal signal)
    {
        // A signal ignored by whoever started us (nohup ignores SIGHUP, a shell's background job SIGINT) stays
        // ignored across exec, and .NET then installs no handler: reloads would silently never happen. keepalived
        // handles its signals whatever it inherited; so do we.
        ResetToDefault(signal);
        _registrations.Add(PosixSignalRegistration.Create(signal, ctx =>
        {
            ctx.Cancel = true;
            _signals.Writer.TryWrite(ctx.Signal);
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
        _signals.Writer.TryComplete();
    }
}
