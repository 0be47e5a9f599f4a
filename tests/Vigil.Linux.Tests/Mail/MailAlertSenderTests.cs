using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Linux.Mail;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Mail;

/// <summary>The mail sender against real SMTP servers on 127.0.0.1: one that takes mail, none at all (refused), and
/// one that accepts the connection but never greets (hung).</summary>
public sealed class MailAlertSenderTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static readonly MailAlert Master = new("INSTANCE", "VI_1", VrrpState.Master,
        "[lb-1] VRRP Instance VI_1 - Entering MASTER state", "=> VRRP Instance is now owning VRRP VIPs <=");

    private static MailSettings To(int port, int timeoutSeconds = 30) => new("127.0.0.1", port, "helo.example",
        "Vigil Alerts <alerts@example.net>",
        ["ops@example.org", "\"Night Shift\" <night@example.org>"],
        TimeSpan.FromSeconds(timeoutSeconds));

    private sealed class Log
    {
        public readonly ConcurrentQueue<string> Warnings = new();
        public readonly ConcurrentQueue<string> Infos = new();

        public int Count(string part) => Warnings.Count(w => w.Contains(part, StringComparison.Ordinal));
    }

    private static MailAlertSender Sender(Log log, int capacity = MailAlertSender.DefaultCapacity) =>
        new(log.Warnings.Enqueue, log.Infos.Enqueue, capacity);

    private static bool Eventually(Func<bool> condition)
    {
        var end = DateTime.UtcNow + Long;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>A port on 127.0.0.1 where nothing listens: connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [Fact]
    public async Task Delivers_keepalived_headers_subject_and_body()
    {
        using var sink = new MailSink();
        var log = new Log();
        await using (var sender = Sender(log))
        {
            sender.Enqueue(To(sink.Port), Master);
            Assert.True(sink.WaitFor(1, Long), string.Join('\n', log.Warnings));
            Assert.True(Eventually(() => sender.Stats.Sent == 1));
            Assert.Equal(new MailAlertStats(1, 0, 0, 0), sender.Stats);
        }
        var m = sink.Messages[0];
        Assert.Equal("[lb-1] VRRP Instance VI_1 - Entering MASTER state", m.Subject);
        Assert.Equal("alerts@example.net", m.From.Mailboxes.Single().Address);
        Assert.Equal("Vigil Alerts", m.From.Mailboxes.Single().Name);
        Assert.Equal(["ops@example.org", "night@example.org"], m.To.Mailboxes.Select(a => a.Address));
        Assert.Equal("Keepalived", m.Headers["X-Mailer"]);
        Assert.True(Math.Abs((DateTimeOffset.Now - m.Date).TotalMinutes) < 10, m.Date.ToString());
        Assert.Equal("=> VRRP Instance is now owning VRRP VIPs <=", m.TextBody?.TrimEnd());
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task A_burst_arrives_complete_and_in_order()
    {
        using var sink = new MailSink();
        var log = new Log();
        await using var sender = Sender(log);
        var states = new[] { VrrpState.Backup, VrrpState.Master, VrrpState.Fault, VrrpState.Backup, VrrpState.Master };
        foreach (var (s, i) in states.Select((s, i) => (s, i)))
            sender.Enqueue(To(sink.Port), Master with { State = s, Subject = $"alert {i}" });
        Assert.True(sink.WaitFor(states.Length, Long), string.Join('\n', log.Warnings));
        Assert.Equal(states.Select((_, i) => $"alert {i}"), sink.Messages.Select(m => m.Subject));
    }

    [Fact]
    public async Task Greets_with_smtp_helo_name()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var log = new Log();
            await using var sender = Sender(log);
            sender.Enqueue(To(((IPEndPoint)listener.LocalEndpoint).Port), Master);
            using var cancel = new CancellationTokenSource(Long);
            using var client = await listener.AcceptTcpClientAsync(cancel.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("220 sink.example ESMTP\r\n"u8.ToArray(), cancel.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            Assert.Equal("EHLO helo.example", await reader.ReadLineAsync(cancel.Token));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_refused_connection_is_counted_every_time_and_logged_once_until_delivery_works_again()
    {
        var log = new Log();
        await using var sender = Sender(log);
        var dead = To(ClosedPort());
        for (int i = 0; i < 20; i++)
            sender.Enqueue(dead, Master);
        Assert.True(Eventually(() => sender.Stats.Failed == 20), sender.Stats.ToString());
        Assert.True(Eventually(() => log.Count("Cannot send mail alert through 127.0.0.1:") == 1));
        Assert.Equal(1, log.Count("Cannot send mail alert"));

        using var sink = new MailSink();
        sender.Enqueue(To(sink.Port), Master);
        Assert.True(sink.WaitFor(1, Long));
        Assert.True(Eventually(() => log.Count("delivered again") == 1), string.Join('\n', log.Warnings));
        Assert.Contains(log.Warnings, w => w.Contains("(20 failed meanwhile)", StringComparison.Ordinal));
        Assert.Equal(new MailAlertStats(1, 20, 0, 0), sender.Stats);
    }

    [Fact]
    public async Task A_server_that_never_greets_fails_at_smtp_connect_timeout()
    {
        // Connections complete in the kernel's backlog, but nothing ever accepts or answers them.
        using var hung = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        hung.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        hung.Listen(16);
        var log = new Log();
        await using var sender = Sender(log);
        sender.Enqueue(To(((IPEndPoint)hung.LocalEndPoint!).Port, timeoutSeconds: 1), Master);
        Assert.True(Eventually(() => sender.Stats.Failed == 1), sender.Stats.ToString());
        // The count goes up just before the line is logged.
        Assert.True(Eventually(() => log.Count("smtp_connect_timeout (1 s)") == 1), string.Join("\n", log.Warnings));
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_and_counts_them()
    {
        using var hung = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        hung.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        hung.Listen(16);
        var settings = To(((IPEndPoint)hung.LocalEndPoint!).Port, timeoutSeconds: 600);
        var log = new Log();
        var sender = Sender(log, capacity: 2);
        sender.Enqueue(settings, Master);
        // The worker has taken the first alert and hangs on the silent server with it.
        Assert.True(Eventually(() => sender.Stats.Queued == 0));
        for (int i = 0; i < 9; i++)
            sender.Enqueue(settings, Master);
        Assert.Equal(new MailAlertStats(0, 0, 7, 2), sender.Stats);
        // Stopping abandons the hung alert and counts what was still queued.
        await sender.DisposeAsync();
        Assert.Equal(9, sender.Stats.Dropped);
        Assert.Equal(0, sender.Stats.Failed);
    }
}
