using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Mail;

/// <summary>The daemon in a network namespace mails its transitions to an SMTP server on that namespace's loopback;
/// a server that never answers neither holds up a state change nor floods the log.</summary>
public sealed class MailAlertDaemonTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private const string MetricsAt = "127.0.0.1:9650";

    private static string Config(int smtpPort, int timeoutSeconds) =>
        $$"""
        global_defs {
            router_id lb-mail
            notification_email {
                ops@example.org
            }
            notification_email_from "Vigil <vigil@example.net>"
            smtp_server 127.0.0.1 {{smtpPort}}
            smtp_connect_timeout {{timeoutSeconds}}
        }

        """ + Configs.Instance(extra: "smtp_alert");

    [Fact]
    public void Each_transition_reaches_the_smtp_server_with_keepalived_subject()
    {
        using var lab = new TestLab(1);
        using var sink = new MailSink(lab.Host(1));
        var node = Node.StartVigil(lab, 1, Config(sink.Port, 30));
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(sink.WaitFor(2, Long), node.Log);
        Assert.Equal(
            [
                "[lb-mail] VRRP Instance VI_1 - Entering BACKUP state",
                "[lb-mail] VRRP Instance VI_1 - Entering MASTER state"],
            sink.Messages.Select(m => m.Subject));
        Assert.Equal("=> VRRP Instance is now owning VRRP VIPs <=", sink.Messages[1].TextBody?.TrimEnd());
        Assert.Equal("vigil@example.net", sink.Messages[1].From.Mailboxes.Single().Address);
    }

    [Fact]
    public void A_hung_smtp_server_delays_no_transition_and_its_failures_are_logged_once_and_counted()
    {
        using var lab = new TestLab(1);
        // Accepts connections in the kernel's backlog and never answers: the first alert hangs for the full minute.
        var hung = NetNs.Run(lab.Host(1), () =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            s.Listen(16);
            return s;
        });
        try
        {
            var port = ((IPEndPoint)hung.LocalEndPoint!).Port;
            var node = Node.StartVigil(lab, 1, Config(port, 60), "--metrics", MetricsAt);
            // BACKUP, MASTER, FAULT, BACKUP, MASTER, all while the BACKUP alert still waits for a greeting.
            node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
            lab.Ip(1, "link", "set", "eth0", "down");
            var mark = node.WaitFor(@"\(VI_1\) Entering FAULT STATE", Long).Index;
            lab.Ip(1, "link", "set", "eth0", "up");
            node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long, mark);
            // (the last alert is queued just after its log line)
            WaitMetric(lab, "vigil_mail_alerts_queued", 4);
            Assert.False(node.Has("Cannot send mail alert"), node.Log);
            Assert.Equal(4, Metric(lab, "vigil_mail_alerts_queued"));

            // The server goes away: the hung alert is reset, the queued ones are refused.
            hung.Dispose();
            WaitMetric(lab, "vigil_mail_alerts_total{result=\"failed\"}", 5);
            Assert.Equal(5, Metric(lab, "vigil_mail_alerts_total{result=\"failed\"}"));
            Assert.Equal(0, Metric(lab, "vigil_mail_alerts_total{result=\"sent\"}"));
            Assert.Single(Regex.Matches(node.Log, "Cannot send mail alert"));
        }
        finally
        {
            hung.Dispose();
        }
    }

    private static void WaitMetric(TestLab lab, string series, double atLeast)
    {
        var end = DateTime.UtcNow + Long;
        while (Metric(lab, series) < atLeast && DateTime.UtcNow < end)
            Thread.Sleep(100);
    }

    /// <summary>One sample from the daemon's /metrics, fetched from inside its namespace.</summary>
    private static double Metric(TestLab lab, string series)
    {
        var page = NetNs.Run(lab.Host(1), () =>
        {
            using var client = new TcpClient();
            client.Connect(IPEndPoint.Parse(MetricsAt));
            var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n"));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        });
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"no {series} in:\n{page}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
