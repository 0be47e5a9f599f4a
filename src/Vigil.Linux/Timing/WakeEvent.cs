using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Timing;

/// <summary>
/// An eventfd that one thread sleeps on with a nanosecond timeout (ppoll) and any thread wakes (write). This is
/// how the driver's loop waits for "input or the next deadline" with keepalived's precision: the kernel's
/// high-resolution timer wakes it at the deadline, with no millisecond rounding, no timer thread and no
/// thread-pool hop. Call <see cref="PreciseTimers"/> on the waiting thread to shrink the timer slack to 1 µs.
/// </summary>
public sealed unsafe class WakeEvent : IDisposable
{
    private readonly int _fd;

    public WakeEvent()
    {
        _fd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (_fd < 0)
            throw new IOException($"eventfd: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The eventfd itself, for a signal handler that wakes the waiter
    /// (<see cref="Signals.DirectStopSignals"/>).</summary>
    public int Handle => _fd;

    /// <summary>Sets this thread's timer slack to 1 µs (the default 50 µs is fine; 1 µs is better for RFC
    /// timers).</summary>
    public static void PreciseTimers() => Libc.prctl(Libc.PR_SET_TIMERSLACK, 1, 0, 0, 0);

    public void Set()
    {
        ulong one = 1;
        Libc.write(_fd, (byte*)&one, 8);
    }

    /// <summary>Waits until set or until <paramref name="timeoutMicroseconds"/> passed (negative: forever);
    /// clears the event. True when it was set.</summary>
    public bool Wait(long timeoutMicroseconds)
    {
        var pfd = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
        var ts = new Libc.TimeSpec
        {
            Seconds = timeoutMicroseconds / 1_000_000,
            Nanoseconds = timeoutMicroseconds % 1_000_000 * 1000,
        };
        int rc = Libc.ppoll(&pfd, 1, timeoutMicroseconds < 0 ? null : &ts, null);
        if (rc <= 0)
            return false;
        ulong value;
        Libc.read(_fd, (byte*)&value, 8);
        return true;
    }

    public void Dispose() => Libc.close(_fd);
}
