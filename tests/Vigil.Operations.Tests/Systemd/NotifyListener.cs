using System.Net.Sockets;
using System.Text;

namespace Vigil.Operations.Tests.Systemd;

/// <summary>Plays systemd's side: a datagram socket of the test's own that a notifier is pointed at.</summary>
internal sealed class NotifyListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _file;

    private NotifyListener(string notifySocketValue, string? file)
    {
        NotifySocket = notifySocketValue;
        _file = file;
        var bindName = notifySocketValue[0] == '@' ? "\0" + notifySocketValue[1..] : notifySocketValue;
        _socket.Bind(new UnixDomainSocketEndPoint(bindName));
    }

    /// <summary>The value a NOTIFY_SOCKET variable would hold.</summary>
    public string NotifySocket { get; }

    public static NotifyListener OnFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vigil-notify-{Guid.NewGuid():N}.sock");
        return new NotifyListener(path, path);
    }

    public static NotifyListener Abstract() => new($"@vigil-notify-{Guid.NewGuid():N}", null);

    /// <summary>The next datagram, or null when none came within the timeout.</summary>
    public string? Receive(TimeSpan timeout)
    {
        if (!_socket.Poll(timeout, SelectMode.SelectRead))
            return null;
        var buffer = new byte[4096];
        var n = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_file is not null)
            File.Delete(_file);
    }
}
