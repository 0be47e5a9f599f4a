using System.Net.Sockets;
using System.Text;

namespace Vigil.Operations.Control;

/// <summary>The daemon's control socket: a Unix stream socket (mode 0600 in a 0700 directory it creates), one
/// request line per connection, one JSON reply, then close. A stale socket left by a daemon that died is
/// replaced; a live one (another daemon answers) is refused, so two daemons never share a control path.</summary>
public sealed class ControlServer : IAsyncDisposable
{
    public const string DefaultPath = "/run/vigil/control.sock";

    /// <summary>Connections served at once; a full pool sheds its oldest connection that has not sent its request
    /// (see <see cref="ConnectionPool"/>).</summary>
    public const int MaxConcurrentConnections = 8;

    /// <summary>Deadline for the request line, and separately for sending the reply: a client that stops reading
    /// cannot hold its slot for longer.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HandlerTimeout = TimeSpan.FromSeconds(60);

    private readonly Socket _listener;
    private readonly IControlHandler _handler;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConnectionPool _pool = new(MaxConcurrentConnections);
    private readonly Task _acceptLoop;

    private ControlServer(string path, Socket listener, IControlHandler handler, Action<string>? log)
    {
        Path = path;
        _listener = listener;
        _handler = handler;
        _log = log;
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    public string Path { get; }

    /// <summary>Connections shed or refused so far (for tests and diagnostics).</summary>
    public ConnectionPool Pool => _pool;

    /// <summary>Binds and starts answering. Throws <see cref="IOException"/> with a one-line reason when the path
    /// cannot be used (another daemon answers there, or it is not a socket).</summary>
    public static ControlServer Start(string path, IControlHandler handler, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(handler);
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("the control socket needs Unix file modes");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(
                directory,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        RemoveStaleSocket(path);

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // Root-only: status reveals the configuration and stop/reload act on the daemon.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(16);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"cannot listen on control socket {path}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ControlServer(path, socket, handler, log);
    }

    private static void RemoveStaleSocket(string path)
    {
        switch (FileType.IsSocket(path))
        {
            case null:
                return; // nothing there
            case false:
                throw new IOException($"control socket path {path} exists and is not a socket");
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path); // nobody answers: left behind by a daemon that was killed
            return;
        }
        throw new IOException(
            $"another daemon is already answering on control socket {path}; use --control to choose another path");
    }

    private Task AcceptLoopAsync(CancellationToken cancel) =>
        BoundedAcceptLoop.RunAsync(_listener, _pool, ServeAsync, _log, "control", cancel);

    private async Task ServeAsync(PooledConnection connection)
    {
        var client = connection.Socket;
        var cancel = connection.Token;
        try
        {
            using (connection)
            {
                byte[] reply;
                using (var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel))
                {
                    readTimeout.CancelAfter(RequestTimeout);
                    var line = await ReadLineAsync(client, readTimeout.Token).ConfigureAwait(false);
                    // A whole request: from now on this connection is answered, never shed for a newer one.
                    connection.MarkAnswering();
                    if (line is null)
                    {
                        reply = ControlJson.Error($"request longer than {ControlRequest.MaxLineBytes} bytes");
                    }
                    else if (!ControlRequest.TryParse(line, out var request, out var error))
                    {
                        reply = ControlJson.Error(error);
                    }
                    else
                    {
                        using var handlerTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                        handlerTimeout.CancelAfter(HandlerTimeout);
                        reply = await HandleSafelyAsync(request, handlerTimeout.Token).ConfigureAwait(false);
                    }
                }
                using var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                sendTimeout.CancelAfter(RequestTimeout);
                var sent = 0;
                while (sent < reply.Length)
                {
                    sent += await client.SendAsync(
                        reply.AsMemory(sent),
                        SocketFlags.None,
                        sendTimeout.Token).ConfigureAwait(false);
                }

                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away, dawdled, or was shed for a newer one.
        }
    }

    private async Task<byte[]> HandleSafelyAsync(ControlRequest request, CancellationToken cancel)
    {
        try
        {
            return await _handler.HandleAsync(request, cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            return ControlJson.Error("the daemon did not answer in time");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log?.Invoke($"control: {request.Command} failed: {e.Message}");
            return ControlJson.Error($"{request.Command.ToString().ToLowerInvariant()} failed: {e.Message}");
        }
    }

    // Reads up to the first newline (or the end of the client's writing). Null when the line is too long.
    private static async Task<string?> ReadLineAsync(Socket client, CancellationToken cancel)
    {
        var buffer = new byte[ControlRequest.MaxLineBytes];
        var length = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, length);
            if (newline >= 0)
                return Encoding.UTF8.GetString(buffer, 0, newline);
            if (length == buffer.Length)
                return null;
            var n = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancel).ConfigureAwait(false);
            if (n == 0)
                return Encoding.UTF8.GetString(buffer, 0, length);
            length += n;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        _stop.Dispose();
    }
}
