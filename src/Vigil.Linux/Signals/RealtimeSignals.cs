using System.Runtime.InteropServices;

namespace Vigil.Linux.Signals;

/// <summary>SIGRTMIN and SIGRTMAX as the C library reports them at run time: glibc keeps the first few real-time
/// signals for its own threads, so SIGRTMIN is a function there, not a constant (34 on Linux with glibc).</summary>
public static partial class RealtimeSignals
{
    private static readonly Lazy<int> s_min = new(() => Ask(libc_current_sigrtmin, 34));
    private static readonly Lazy<int> s_max = new(() => Ask(libc_current_sigrtmax, 64));

    public static int Min => s_min.Value;

    public static int Max => s_max.Value;

    private static int Ask(Func<int> call, int fallback)
    {
        try
        {
            var value = call();
            return value > 0 ? value : fallback;
        }
        catch (EntryPointNotFoundException)
        {
            return fallback; // a C library without the glibc entry points (musl): its documented values
        }
    }

    [LibraryImport("libc", EntryPoint = "__libc_current_sigrtmin")]
    private static partial int libc_current_sigrtmin();

    [LibraryImport("libc", EntryPoint = "__libc_current_sigrtmax")]
    private static partial int libc_current_sigrtmax();
}
