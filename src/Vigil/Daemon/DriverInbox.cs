using System.Collections.Concurrent;
using Vigil.Core.Primitives;
using Vigil.Linux.Timing;

namespace Vigil.Daemon;

/// <summary>
/// The loop's inbox: producers (socket receive threads, script reapers, signal handlers) enqueue and wake the
/// loop thread directly through an eventfd, one wake-up per input, with no thread-pool hop in between. The loop
/// sleeps in ppoll until the input or its next deadline, to the microsecond (the kernel's high-resolution timer),
/// so RFC timers fire on time even on a busy machine, where yielding or millisecond sleeps would lose a
/// scheduling quantum.
/// </summary>
public sealed class DriverInbox : IDisposable
{
    private readonly ConcurrentQueue<DriverInput> _queue = new();
    private readonly WakeEvent _wake = new();
    private volatile bool _closed;

    public bool TryPost(DriverInput input)
    {
        if (_closed)
            return false;
        _queue.Enqueue(input);
        _wake.Set();
        return true;
    }

    /// <summary>The eventfd the loop sleeps on: a signal handler may write it to wake the loop.</summary>
    public int WakeHandle => _wake.Handle;

    public bool TryTake(out DriverInput input) => _queue.TryDequeue(out input!);

    public void Close() => _closed = true;

    /// <summary>Blocks until an input is queued or <paramref name="deadline"/> has passed.</summary>
    public void WaitUntil(MonotonicTime deadline)
    {
        while (_queue.IsEmpty)
        {
            var now = MonotonicClock.Now();
            if (deadline <= now)
                return;
            long us = deadline.IsNever ? -1 : deadline.Microseconds - now.Microseconds;
            if (_wake.Wait(us))
                return;
        }
    }

    public void Dispose() => _wake.Dispose();
}
