using System.Globalization;
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
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    private readonly Socket _listener;
    private readonly Func<MetricsPage, CancellationToken, ValueTask<IEnumerable<MetricsPage>>> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConnectionPool _pool = new(MaxConcurrentConnections);
    private readonly Task _acceptLoop;
    private readonly Action<string>? _log;

    private MetricsHttpServer(
        Socket listener,
        Func<MetricsPage, CancellationToken, ValueTask<IEnumerable<MetricsPage>>> render,
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

    /// <summary>Binds and starts serving. <paramref name="render"/> starts one scrape: it returns steps that write
    /// the page into the page it is given, each step ending on a whole line. Between steps the server sends what the
    /// page holds once it has grown past <see cref="MetricsPage.FlushBytes"/> and clears it; after the last step it
    /// sends the rest and disposes the page. The answer is chunked (HTTP/1.1), so a page cut short by an error or
    /// the deadline never reads as whole. It may be called concurrently. Throws SocketException when the address
    /// cannot be bound.</summary>
    public static MetricsHttpServer Start(IPEndPoint endPoint,
        Func<MetricsPage, CancellationToken, ValueTask<IEnumerable<MetricsPage>>> render, Action<string>? log = null)
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
                using var page = new MetricsPage();
                var answer = await HandleAsync(connection, page, timeout.Token).ConfigureAwait(false);
                await SendAllAsync(client, answer.Head, timeout.Token).ConfigureAwait(false);
                if (answer.Steps is { } steps)
                    await StreamAsync(client, page, steps, answer.Chunked, timeout.Token).ConfigureAwait(false);
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

    // Sends the page as it is written, never more than about FlushBytes of it held at once. Chunked, each flush is
    // one HTTP chunk and the last chunk (size 0) says the page is whole; an HTTP/1.0 client gets the bytes as they
    // are and the closed connection ends them.
    private static async Task StreamAsync(Socket client, MetricsPage page, IEnumerable<MetricsPage> steps,
        bool chunked, CancellationToken cancel)
    {
        var frame = new byte[16];
        using (var step = steps.GetEnumerator())
        {
            while (step.MoveNext())
            {
                if (page.Length >= MetricsPage.FlushBytes)
                    await FlushAsync(client, page, chunked, frame, cancel).ConfigureAwait(false);
            }
        }
        if (page.Length > 0)
            await FlushAsync(client, page, chunked, frame, cancel).ConfigureAwait(false);
        if (chunked)
            await SendAllAsync(client, LastChunk, cancel).ConfigureAwait(false);
    }

    private static async Task FlushAsync(Socket client, MetricsPage page, bool chunked, byte[] frame,
        CancellationToken cancel)
    {
        if (chunked)
        {
            // The chunk's size in hex, then CRLF (written into the connection's small buffer, no string).
            page.Length.TryFormat(frame, out var size, "x", CultureInfo.InvariantCulture);
            "\r\n"u8.CopyTo(frame.AsSpan(size));
            await SendAllAsync(client, frame.AsMemory(0, size + 2), cancel).ConfigureAwait(false);
        }
        foreach (var segment in page.Segments())
            await SendAllAsync(client, segment, cancel).ConfigureAwait(false);
        if (chunked)
            await SendAllAsync(client, LineEnd, cancel).ConfigureAwait(false);
        page.Clear();
    }

    private readonly record struct Answer(byte[] Head, IEnumerable<MetricsPage>? Steps, bool Chunked = false);

    private async Task<Answer> HandleAsync(PooledConnection connection, MetricsPage page, CancellationToken cancel)
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
        // HTTP/1.0 has no chunked encoding: its answer ends where the connection closes.
        var chunked = parts[2] != "HTTP/1.0";
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {PrometheusTextWriter.ContentType}\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : "") + "Connection: close\r\n\r\n");
        // HEAD gets the same head as GET and no page: nothing is rendered.
        if (method == "HEAD")
            return new Answer(answer, null);
        return new Answer(answer, await _render(page, cancel).ConfigureAwait(false), chunked);
    }

    // The end of the request head: an empty line (CRLF CRLF, or bare LF LF from lenient clients).
    private static int FindHeadEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        return crlf < 0 ? lf : lf < 0 ? crlf : Math.Min(crlf, lf);
    }

    // An error's short text, sent whole with its length.
    private static Answer Response(int status, string reason, string body, string extraHeaders = "")
    {
        var text = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + $"Content-Length: {text.Length}\r\nConnection: close\r\n{extraHeaders}\r\n");
        return new Answer([.. head, .. text], null);
    }

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
