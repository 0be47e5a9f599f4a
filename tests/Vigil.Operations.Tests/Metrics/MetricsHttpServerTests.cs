using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

public sealed class MetricsHttpServerTests
{
    private const string Body = "# HELP keepalived_up Status\n# TYPE keepalived_up gauge\nkeepalived_up 1\n";

    private static MetricsHttpServer StartServer(
        Func<MetricsPage, CancellationToken, ValueTask<IEnumerable<MetricsPage>>>? render = null) =>
        MetricsHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0), render ?? ((page, _) => Whole(page, Body)));

    private static ValueTask<IEnumerable<MetricsPage>> Whole(MetricsPage page, string text) =>
        ValueTask.FromResult<IEnumerable<MetricsPage>>([page.Append(text)]);

    private const string Line = "vigil_vrrp_base_priority{iname=\"VI_é_😀_";

    private static string Lines(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
            text.Append(Line).Append(i).Append("\"} 100\n");
        return text.ToString();
    }

    // The page written one line a step, as the renderer writes it; records how long the page was at each step and
    // whether the server finished with the steps (the iterator's finally ran).
    private sealed class SteppedPage
    {
        public int MaxHeld { get; private set; }
        public bool Ended { get; private set; }

        public IEnumerable<MetricsPage> Write(MetricsPage page, int lines, int failAfter = int.MaxValue)
        {
            try
            {
                for (var i = 0; i < lines; i++)
                {
                    if (i == failAfter)
                        throw new InvalidOperationException("the snapshot went away");
                    page.Append(Line).Append(i.ToString(CultureInfo.InvariantCulture)).Append("\"} 100\n");
                    MaxHeld = Math.Max(MaxHeld, (int)page.Length);
                    yield return page;
                }
            }
            finally
            {
                Ended = true;
            }
        }
    }

    private static async Task<string> RawRequestAsync(IPEndPoint endPoint, byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, TestContext.Current.CancellationToken);
        await socket.SendAsync(request, SocketFlags.None, TestContext.Current.CancellationToken);
        var response = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        try
        {
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken)) > 0)
                response.Write(buffer, 0, n);
        }
        catch (SocketException)
        {
            // the server may reset after answering an oversized request it did not read to the end
        }
        return Encoding.UTF8.GetString(response.ToArray());
    }

    [Fact]
    public async Task Get_metrics_returns_the_exposition_with_its_content_type()
    {
        await using var server = StartServer();
        using var http = new HttpClient();

        var response = await http.GetAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_page_spread_over_many_chunks_arrives_whole_in_http_chunks()
    {
        // 20,000 lines of about 60 bytes fill many 64 KB chunks, and appends land across chunk boundaries; names
        // outside ASCII (and a character outside the BMP, two UTF-16 units) must arrive whole.
        var expected = Lines(20_000);
        var stepped = new SteppedPage();
        await using var server = StartServer((page, _) => ValueTask.FromResult(stepped.Write(page, 20_000)));
        using var http = new HttpClient();

        var response = await http.GetAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
            TestContext.Current.CancellationToken);

        Assert.True(response.Headers.TransferEncodingChunked);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(stepped.Ended);
    }

    [Fact]
    public async Task The_page_is_sent_as_it_fills_and_never_held_whole()
    {
        // About 1.3 MB of text: sent whenever the page passes FlushBytes, so it never holds more than that and one
        // line.
        var stepped = new SteppedPage();
        await using var server = StartServer((page, _) => ValueTask.FromResult(stepped.Write(page, 20_000)));
        using var http = new HttpClient();

        var body = await http.GetByteArrayAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
            TestContext.Current.CancellationToken);

        Assert.True(body.Length > 8 * MetricsPage.FlushBytes, $"{body.Length} bytes");
        Assert.InRange(stepped.MaxHeld, MetricsPage.FlushBytes, MetricsPage.FlushBytes + 100);
    }

    [Fact]
    public async Task A_page_cut_short_by_an_error_never_reads_as_whole()
    {
        // The render fails after several chunks were sent: without the last (empty) chunk the client must see an
        // error, not a shorter page it would take for the whole.
        var stepped = new SteppedPage();
        await using var server = StartServer(
            (page, _) => ValueTask.FromResult(stepped.Write(page, 20_000, failAfter: 10_000)));
        using var http = new HttpClient();

        await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
            TestContext.Current.CancellationToken));
        Assert.True(stepped.Ended);
    }

    [Fact]
    public async Task An_http_1_0_client_gets_the_page_unchunked_ended_by_the_close()
    {
        await using var server = StartServer(
            (page, _) => ValueTask.FromResult(new SteppedPage().Write(page, 5_000)));

        var response = await RawRequestAsync(server.EndPoint, "GET /metrics HTTP/1.0\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Transfer-Encoding", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + Lines(5_000), response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_scrape_renders_afresh()
    {
        var scrapes = 0;
        await using var server = StartServer(
            (page, _) => Whole(page, $"scrape {Interlocked.Increment(ref scrapes)}\n"));
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{server.EndPoint.Port}/metrics?name[]=x";

        Assert.Equal("scrape 1\n", await http.GetStringAsync(url, TestContext.Current.CancellationToken));
        Assert.Equal("scrape 2\n", await http.GetStringAsync(url, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/metrics/")]
    [InlineData("/favicon.ico")]
    public async Task Other_paths_are_404(string path)
    {
        await using var server = StartServer();
        using var http = new HttpClient();

        var response = await http.GetAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}{path}",
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_is_405_with_allow()
    {
        await using var server = StartServer();

        var response = await RawRequestAsync(
            server.EndPoint,
            "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 405 ", response, StringComparison.Ordinal);
        Assert.Contains("Allow: GET, HEAD\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_has_the_headers_of_get_and_no_body_and_renders_nothing()
    {
        var renders = 0;
        await using var server = StartServer((page, _) =>
        {
            Interlocked.Increment(ref renders);
            return Whole(page, Body);
        });

        var response = await RawRequestAsync(
            server.EndPoint,
            "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
        Assert.Equal(0, renders);
    }

    [Fact]
    public async Task A_malformed_request_line_is_400()
    {
        await using var server = StartServer();

        var response = await RawRequestAsync(server.EndPoint, "hello\r\n\r\n"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_request_head_is_refused_and_the_server_keeps_serving()
    {
        await using var server = StartServer();
        var huge = Encoding.ASCII.GetBytes(
            "GET /metrics HTTP/1.1\r\nX-Filler: " + new string('a', MetricsHttpServer.MaxRequestBytes * 2));

        var response = await RawRequestAsync(server.EndPoint, huge);

        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 431 ", StringComparison.Ordinal), response);
        using var http = new HttpClient();
        Assert.Equal(
            Body,
            await http.GetStringAsync(
                $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
                TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_silent_client_does_not_block_others()
    {
        await using var server = StartServer();
        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(server.EndPoint, TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        Assert.Equal(
            Body,
            await http.GetStringAsync(
                $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
                TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Binding_a_port_in_use_throws_a_socket_exception()
    {
        await using var first = StartServer();

        Assert.Throws<SocketException>(
            () => MetricsHttpServer.Start(first.EndPoint, (page, _) => Whole(page, "")));
    }
}
