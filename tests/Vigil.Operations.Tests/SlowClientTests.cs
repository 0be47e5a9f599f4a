using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Operations.Control;
using Vigil.Operations.Metrics;
using Vigil.Operations.Tests.Control;

namespace Vigil.Operations.Tests;

/// <summary>Clients that connect and then say nothing, or trickle, must not keep real requests out of the metrics
/// endpoint or the control socket.</summary>
public sealed class SlowClientTests : IDisposable
{
    private const string Body = "keepalived_up 1\n";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vigil-slow-{Guid.NewGuid():N}");
    private readonly List<Socket> _held = [];

    public void Dispose()
    {
        foreach (var s in _held)
            s.Dispose();
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private async Task HoldAsync(EndPoint endPoint, int count, byte[]? trickle = null)
    {
        for (var i = 0; i < count; i++)
        {
            var s = new Socket(endPoint.AddressFamily, SocketType.Stream,
                endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
            _held.Add(s);
            await s.ConnectAsync(endPoint, TestContext.Current.CancellationToken);
            if (trickle is not null)
                await s.SendAsync(trickle, SocketFlags.None, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Scrapes_get_through_while_more_idle_connections_than_slots_are_held_open()
    {
        await using var server = MetricsHttpServer.Start(
            new IPEndPoint(IPAddress.Loopback, 0),
            (page, _) => ValueTask.FromResult<IEnumerable<MetricsPage>>([page.Append(Body)]));
        using var http = new HttpClient { Timeout = Wait };
        var url = $"http://127.0.0.1:{server.EndPoint.Port}/metrics";
        var failures = 0;
        for (var round = 0; round < 15; round++)
        {
            // Each round the idle clients refill every slot, one trickling half a request line.
            await HoldAsync(server.EndPoint, MetricsHttpServer.MaxConcurrentConnections * 2);
            await HoldAsync(server.EndPoint, 1, "GET /met"u8.ToArray());
            try
            {
                Assert.Equal(Body, await http.GetStringAsync(url, TestContext.Current.CancellationToken));
            }
            catch (HttpRequestException)
            {
                failures++;
            }
        }

        Assert.Equal(0, failures);
        Assert.True(server.Pool.Shed > 0);
        Assert.True(server.Pool.Count <= MetricsHttpServer.MaxConcurrentConnections);
    }

    [Fact]
    public async Task Status_requests_get_through_while_idle_clients_hold_the_control_socket()
    {
        var path = Path.Combine(_dir, "control.sock");
        var handler = new RecordingHandler();
        await using var server = ControlServer.Start(path, handler);
        for (var round = 0; round < 10; round++)
        {
            await HoldAsync(new UnixDomainSocketEndPoint(path), ControlServer.MaxConcurrentConnections * 2);
            var reply = await ControlClient.SendAsync(path, new ControlRequest(ControlCommand.Status), Wait,
                TestContext.Current.CancellationToken);
            Assert.Contains("Status", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
        }

        Assert.Equal(10, handler.Requests.Count);
        Assert.True(server.Pool.Shed > 0);
    }

    [Fact]
    public void A_full_pool_sheds_the_oldest_waiting_connection_and_refuses_only_when_all_are_answering()
    {
        var pool = new ConnectionPool(2);
        using var a = pool.Admit(new Socket(SocketType.Stream, ProtocolType.Tcp), CancellationToken.None)!;
        using var b = pool.Admit(new Socket(SocketType.Stream, ProtocolType.Tcp), CancellationToken.None)!;
        b.MarkAnswering();

        using var c = pool.Admit(new Socket(SocketType.Stream, ProtocolType.Tcp), CancellationToken.None)!;
        Assert.True(a.Token.IsCancellationRequested); // a was waiting: shed
        Assert.False(b.Token.IsCancellationRequested); // b is answering: kept
        Assert.Equal(2, pool.Count);

        c.MarkAnswering();
        Assert.Null(pool.Admit(new Socket(SocketType.Stream, ProtocolType.Tcp), CancellationToken.None));
        Assert.Equal(1, pool.Refused);
        Assert.Equal(1, pool.Shed);

        b.Dispose(); // a finished answer frees its slot
        using var d = pool.Admit(new Socket(SocketType.Stream, ProtocolType.Tcp), CancellationToken.None);
        Assert.NotNull(d);
        Assert.Equal(1, pool.Shed);
    }
}
