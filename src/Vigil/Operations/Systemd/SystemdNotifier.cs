using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Operations.Systemd;

/// <summary>sd_notify(3) without libsystemd: one datagram per notification on the NOTIFY_SOCKET.
/// Never throws: a lost notification is logged by the caller at most, it must not take the daemon down.
/// Without NOTIFY_SOCKET every call is a no-op that returns false.</summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Lock _gate = new();

    public SystemdNotifier(SystemdEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Settings = environment;
        if (environment.NotifySocket is { } path)
        {
            // '@' stands for the abstract namespace: the name starts with a NUL byte on the wire.
            _endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }
    }

    public SystemdEnvironment Settings { get; }

    public bool IsEnabled => _socket is not null;

    /// <summary>Start-up finished (or a reload finished): systemd considers the unit active.</summary>
    public bool Ready(string? status = null) =>
        Send(status is null ? "READY=1" : "READY=1\nSTATUS=" + OneLine(status));

    /// <summary>A reload begins. MONOTONIC_USEC lets systemd (Type=notify-reload) tell this reload from an
    /// older one; send <see cref="Ready"/> when it is done.</summary>
    public bool Reloading() =>
        Send("RELOADING=1\nMONOTONIC_USEC=" + MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture));

    public bool Stopping(string? status = null) =>
        Send(status is null ? "STOPPING=1" : "STOPPING=1\nSTATUS=" + OneLine(status));

    public bool Status(string status) => Send("STATUS=" + OneLine(status));

    public bool Watchdog() => Send("WATCHDOG=1");

    /// <summary>Sends one raw notification (newline-separated VAR=VALUE assignments).</summary>
    public bool Send(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_socket is null || _endPoint is null)
            return false;
        var bytes = Encoding.UTF8.GetBytes(message);
        lock (_gate)
        {
            try
            {
                return _socket.SendTo(bytes, SocketFlags.None, _endPoint) == bytes.Length;
            }
            catch (SocketException)
            {
                return false; // systemd gone or the socket vanished: nothing useful to do
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>CLOCK_MONOTONIC in microseconds, the clock systemd compares MONOTONIC_USEC with. On Linux the
    /// Stopwatch timestamp is CLOCK_MONOTONIC.</summary>
    public static long MonotonicMicroseconds()
    {
        var ticks = Stopwatch.GetTimestamp();
        return Stopwatch.Frequency % 1_000_000 == 0
            ? ticks / (Stopwatch.Frequency / 1_000_000)
            : (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));
    }

    // STATUS= ends at the newline that separates assignments; a status must never inject another one.
    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');

    public void Dispose()
    {
        lock (_gate)
            _socket?.Dispose();
    }
}
