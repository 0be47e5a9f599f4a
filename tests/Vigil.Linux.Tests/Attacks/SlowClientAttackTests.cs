using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Tests.Harness;
using Vigil.Operations.Control;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>Clients that connect to the metrics endpoint or the control socket and then say nothing. A scrape and
/// a status request must still get through: the daemon sheds the oldest idle connection for a new one.</summary>
[Collection("Attacks")]
public sealed class SlowClientAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private static readonly IPEndPoint Metrics = new(IPAddress.Loopback, 9650);

    // Sockets keep the namespace they were created in, so connect from a thread inside the host's namespace.
    private static Socket Connect(TestLab lab, int host) => NetNs.Run(lab.Host(host), () =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(Metrics);
        return s;
    });

    private static string Scrape(TestLab lab, int host) => NetNs.Run(lab.Host(host), () =>
    {
        try
        {
            using var s = new Socket(
                AddressFamily.InterNetwork,
                SocketType.Stream,
                ProtocolType.Tcp) { ReceiveTimeout = 10_000, SendTimeout = 10_000 };
            s.Connect(Metrics);
            s.Send("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"u8);
            var response = new MemoryStream();
            var buffer = new byte[8192];
            int n;
            while ((n = s.Receive(buffer)) > 0)
                response.Write(buffer, 0, n);
            return Encoding.UTF8.GetString(response.ToArray());
        }
        catch (SocketException e)
        {
            return $"failed: {e.SocketErrorCode}";
        }
    });

    [Fact]
    public async Task Scrapes_and_status_requests_get_through_while_idle_clients_hold_connections()
    {
        using var lab = new TestLab(1);
        var node = Node.StartVigil(lab, 1, Configs.Global() + Configs.Instance(), "--metrics", "127.0.0.1:9650");
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.StartsWith("HTTP/1.1 200 ", Scrape(lab, 1), StringComparison.Ordinal);

        var held = new List<Socket>();
        try
        {
            var failures = new List<string>();
            for (var round = 0; round < 15; round++)
            {
                // Each round, idle clients take every slot and then some.
                for (var i = 0; i < 12; i++)
                    held.Add(Connect(lab, 1));
                var response = Scrape(lab, 1);
                if (!response.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)
                    || !response.Contains("keepalived_up 1", StringComparison.Ordinal))
                {
                    failures.Add(response.Length > 200 ? response[..200] : response);
                }
            }
            Assert.Empty(failures);

            var control = Path.Combine(lab.WorkDir, "h1", "control.sock");
            for (var round = 0; round < 5; round++)
            {
                for (var i = 0; i < 12; i++)
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    held.Add(s);
                    s.Connect(new UnixDomainSocketEndPoint(control));
                }
                var reply = await ControlClient.SendAsync(
                    control,
                    new ControlRequest(ControlCommand.Status),
                    TimeSpan.FromSeconds(10),
                    TestContext.Current.CancellationToken);
                Assert.Contains("VI_1", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var s in held)
                s.Dispose();
        }
    }
}
