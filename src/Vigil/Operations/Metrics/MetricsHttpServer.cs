using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Operations.Metrics;

/// <summary>The smallest HTTP/1.1 server that Prometheus needs: GET (or HEAD) /metrics, one request per
/// connection, everything else 404/405/400. Plain sockets instead of Kestrel keep the native binary small and
/// the daemon's attack surface tiny: requests are bounded in size, in time and in concurrency.</summary>
public sealed class MetricsHttpServer : IAsyncDisposable
{
    /// <summary>A request head larger than this is refused (431); Prometheus sends a few hundred bytes.</summary>
    public const int MaxRequestBytes = 8 * 1024;

    /// <summary>Connections served at once; a full pool sheds its oldest idle connection (see
    /// <see cref="ConnectionPool"/>).</summary>
    public const int MaxConcurrentConnections = 8;
    private const int SolSocket = 1;   // Linux <asm-generic/socket.h>
    private const int SoReuseAddr = 2;
    /// <summary>Deadline for one connection, from accept to the last byte of the answer.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly Func<CancellationToken, ValueTask<MetricsPage>> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConnectionPool _pool = new(MaxConcurrentConnections);
    private readonly Task _acceptLoop;
    private readonly Action<string>? _log;

    private MetricsHttpServer(
        Socket listener,
        Func<CancellationToken, ValueTask<MetricsPage>> render,
        Action<string>? log)
    {
        _listener = listener;
        _render = render;
        _log = log;
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>Connections shed or refused so far (for tests and diagnostics).</summary>
    public ConnectionPool Pool => _pool;

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Binds and starts serving. <paramref name="render"/> produces the exposition text for one
    /// scrape (UTF-8 in pooled chunks, sent from them and then disposed); it may be called concurrently. Throws
    /// SocketException when the address cannot be bound.</summary>
    public static MetricsHttpServer Start(IPEndPoint endPoint, Func<CancellationToken, ValueTask<MetricsPage>> render,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(render);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            // SO_REUSEADDR alone, so a restart is not refused by the TIME_WAIT of closed scrapes. Not
            // SocketOptionName.ReuseAddress: on Linux .NET also sets SO_REUSEPORT with it, which would let a second
            // daemon bind the same port silently.
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(endPoint);
            socket.Listen(16);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new MetricsHttpServer(socket, render, log);
    }

    private Task AcceptLoopAsync(CancellationToken cancel) =>
        BoundedAcceptLoop.RunAsync(_listener, _pool, ServeAsync, _log, "metrics", cancel);

    private async Task ServeAsync(PooledConnection connection)
    {
        var client = connection.Socket;
        try
        {
            using (connection)
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.Token))
            {
                timeout.CancelAfter(RequestTimeout);
                var (head, body) = await HandleAsync(connection, timeout.Token).ConfigureAwait(false);
                using (body)
                {
                    await SendAllAsync(client, head, timeout.Token).ConfigureAwait(false);
                    foreach (var segment in body?.Segments() ?? [])
                        await SendAllAsync(client, segment, timeout.Token).ConfigureAwait(false);
                }
                client.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // A client that vanished or dawdled: nothing to answer.
        }
        catch (Exception e)
        {
            _log?.Invoke($"metrics: {e.Message}");
        }
    }

    private async Task<(byte[] Head, MetricsPage? Body)> HandleAsync(
        PooledConnection connection,
        CancellationToken cancel)
    {
        var client = connection.Socket;
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        int headEnd;
        while ((headEnd = FindHeadEnd(buffer.AsSpan(0, length))) < 0)
        {
            if (length == buffer.Length)
                return Response(431, "Request Header Fields Too Large", "request too large\n");
            var n = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancel).ConfigureAwait(false);
            if (n == 0)
                return Response(400, "Bad Request", "incomplete request\n");
            length += n;
        }
        // A whole request head: from now on this connection is answered, never shed for a newer one.
        connection.MarkAnswering();
        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var requestLine = head.Split('\n', 2)[0].TrimEnd('\r');
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            return Response(400, "Bad Request", "malformed request line\n");
        var (method, target) = (parts[0], parts[1]);
        var path = target.Split('?', 2)[0];
        if (path != "/metrics")
            return Response(404, "Not Found", "only /metrics is served here\n");
        if (method is not ("GET" or "HEAD"))
            return Response(405, "Method Not Allowed", "use GET\n", "Allow: GET, HEAD\r\n");
        var page = await _render(cancel).ConfigureAwait(false);
        var answer = Head(200, "OK", page.Length, "", PrometheusTextWriter.ContentType);
        if (method == "HEAD")
        {
            page.Dispose();
            return (answer, null);
        }
        return (answer, page);
    }

    // The end of the request head: an empty line (CRLF CRLF, or bare LF LF from lenient clients).
    private static int FindHeadEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        return crlf < 0 ? lf : lf < 0 ? crlf : Math.Min(crlf, lf);
    }

    private static (byte[] Head, MetricsPage? Body) Response(int status, string reason, string body,
        string extraHeaders = "")
    {
        var page = MetricsPage.FromText(body);
        return (Head(status, reason, page.Length, extraHeaders, "text/plain; charset=utf-8"), page);
    }

    private static byte[] Head(int status, string reason, long bodyLength, string extraHeaders, string contentType) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: {contentType}\r\n"
            + $"Content-Length: {bodyLength}\r\nConnection: close\r\n{extraHeaders}\r\n");

    private static async Task SendAllAsync(Socket client, ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        var sent = 0;
        while (sent < data.Length)
            sent += await client.SendAsync(data[sent..], SocketFlags.None, cancel).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
