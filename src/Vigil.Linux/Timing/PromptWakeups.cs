using System.Runtime.InteropServices;

namespace Vigil.Linux.Timing;

/// <summary>
/// Asks the kernel's scheduler (EEVDF, Linux 6.6 and later) for a short time slice on the calling thread, so that
/// when the thread wakes for a timer it preempts a busy task at once rather than waiting for that task's slice to
/// end. With 200 track scripts a second both cores of a small host are busy with script children for a few hundred
/// milliseconds after each round of starts; without this, the loop thread waited up to 7 ms behind them and the
/// adverts due meanwhile left late (bench/README.md, "Adverts beside 200 scripts").
/// A short slice changes when the thread runs, not how much: its weight (nice) and fair share stay what they were,
/// so a busy loop cannot starve the host. Children inherit the attribute of the thread that creates them; scripts
/// are started by the spawner thread, which keeps the default. Kernels before 6.12 ignore the slice of an ordinary
/// thread, and kernels without sched_setattr (before 3.14) refuse it: either way nothing changes.
/// </summary>
public static unsafe partial class PromptWakeups
{
    // The slice asked for: the kernel accepts 0.1 to 100 ms and defaults to 0.75 ms scaled by the CPU count.
    private const ulong SliceNanoseconds = 100_000;

    // sched_attr, version 1 (56 bytes): the layout sched_getattr fills and sched_setattr reads.
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
        public uint UtilMin;
        public uint UtilMax;
    }

    private const int SchedOther = 0;

    /// <summary>Applies the short slice to the calling thread. Returns 0, or the errno that refused it.</summary>
    public static int ForThisThread()
    {
        var (getattr, setattr) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => (315L, 314L),
            Architecture.Arm64 => (275L, 274L),
            _ => (0L, 0L),
        };
        if (getattr == 0)
            return 38; // ENOSYS: no syscall numbers known for this architecture

        // Read first and change only the slice: a nice value set by the service manager must be kept.
        var attr = default(SchedAttr);
        if (syscall(getattr, 0, &attr, (uint)sizeof(SchedAttr), 0) != 0)
            return Marshal.GetLastPInvokeError();
        if (attr.Policy != SchedOther)
            return 0; // a real-time policy chosen by the operator already wakes first
        attr.Size = (uint)sizeof(SchedAttr);
        attr.Runtime = SliceNanoseconds;
        return syscall(setattr, 0, &attr, 0, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long pid, SchedAttr* attr, uint sizeOrFlags, uint flags);
}
