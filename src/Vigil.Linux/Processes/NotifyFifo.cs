using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// keepalived's notify_fifo: lines such as <c>INSTANCE "VI_1" MASTER 100</c> written without blocking to a
/// FIFO that is created (mode 0644) if absent. The FIFO is opened read-write so opening never blocks or fails
/// for want of a reader; a full FIFO loses the line (counted) rather than stalling the daemon.
/// </summary>
public sealed unsafe class NotifyFifo : IDisposable
{
    private int _fd = -1;

    public string Path { get; }
    public long Dropped { get; private set; }

    public NotifyFifo(string path)
    {
        Path = path;
    }

    public static string Line(string kind, string name, string state, int priority) =>
        $"{kind} \"{name}\" {state} {priority}\n";

    /// <returns>0 or an errno.</returns>
    public int Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        if (_fd < 0)
        {
            if (!File.Exists(Path))
                Libc.mkfifo(Path, 0x1A4); // 0644
            _fd = Libc.open(Path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0);
            if (_fd < 0)
            {
                Dropped++;
                return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            }
        }
        fixed (byte* b = bytes)
        {
            if (Libc.write(_fd, b, (nuint)bytes.Length) < 0)
            {
                Dropped++;
                return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            }
        }
        return 0;
    }

    public void Dispose()
    {
        if (_fd >= 0)
            Libc.close(_fd);
        _fd = -1;
    }
}
