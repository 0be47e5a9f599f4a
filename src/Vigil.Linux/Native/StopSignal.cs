using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Native;

/// <summary>Lets a receive thread sleep in poll(2) until its descriptor is readable or it is told to stop, so an idle
/// daemon never wakes for it (a receive timeout would wake every reader several times a second to look at a
/// flag). An eventfd that <see cref="Set"/> writes is the second descriptor of every wait.</summary>
internal sealed unsafe class StopSignal : IDisposable
{
    private int _fd;

    public StopSignal()
    {
        _fd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (_fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
    }

    /// <summary>Wakes every wait, now and later.</summary>
    public void Set()
    {
        ulong one = 1;
        Libc.write(_fd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Blocks until <paramref name="fd"/> is readable (true) or the signal is set (false). A poll error on
    /// valid descriptors cannot happen; stopping is better than spinning if it does.</summary>
    public bool WaitReadable(nint fd)
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = (int)fd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
        while (true)
        {
            int rc = Libc.ppoll(fds, 2, null, null);
            if (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
                continue;
            return rc > 0 && fds[1].Revents == 0;
        }
    }

    /// <summary>Only after every waiter has returned.</summary>
    public void Dispose()
    {
        if (_fd >= 0)
            Libc.close(_fd);
        _fd = -1;
    }
}
