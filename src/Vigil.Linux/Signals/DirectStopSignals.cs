using System.Runtime.InteropServices;

namespace Vigil.Linux.Signals;

/// <summary>
/// SIGTERM and SIGINT recorded by a C handler (Native/spawn/vigil_spawn.c) that wakes the daemon's loop through its
/// eventfd, for the stop path: .NET would run a registered handler on a thread it starts for the purpose, which on
/// a busy machine puts milliseconds between kill(2) and the priority-0 adverts. The loop calls <see cref="Take"/>
/// when it wakes. Absent the native library (no C compiler at build time) <see cref="TryInstall"/> returns null
/// and the signals go through <see cref="SignalSource"/> as before.
/// </summary>
public sealed partial class DirectStopSignals : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private bool _disposed;

    private DirectStopSignals()
    {
    }

    /// <summary>Installs the handler for SIGTERM and SIGINT, waking <paramref name="wakeFd"/>; null when the
    /// native library is missing or sigaction failed (nothing is left installed then).</summary>
    public static DirectStopSignals? TryInstall(int wakeFd)
    {
        try
        {
            if (Install(SigTerm, wakeFd) != 0)
                return null;
            if (Install(SigInt, wakeFd) != 0)
            {
                Restore(SigTerm);
                return null;
            }
            return new DirectStopSignals();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The stop signal received since the last call (SIGTERM before SIGINT), or null.</summary>
    public PosixSignal? Take()
    {
        uint bits = TakeBits();
        if ((bits & (1u << SigTerm)) != 0)
            return PosixSignal.SIGTERM;
        if ((bits & (1u << SigInt)) != 0)
            return PosixSignal.SIGINT;
        return null;
    }

    /// <summary>Puts the previous dispositions back (before the eventfd is closed).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Restore(SigTerm);
        Restore(SigInt);
    }

    [LibraryImport("libvigilspawn", EntryPoint = "vigil_stop_signal_install")]
    private static partial int Install(int signal, int wakeFd);

    [LibraryImport("libvigilspawn", EntryPoint = "vigil_stop_signal_restore")]
    private static partial int Restore(int signal);

    [LibraryImport("libvigilspawn", EntryPoint = "vigil_stop_signal_take")]
    private static partial uint TakeBits();
}
