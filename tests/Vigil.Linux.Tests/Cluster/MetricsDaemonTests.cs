using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>/metrics of a running daemon: the instances' figures the loop copies for each scrape (not the full
/// status) say what the daemon is doing, and they move between scrapes.</summary>
public sealed class MetricsDaemonTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);
    private const string MetricsAt = "127.0.0.1:9650";

    [Fact]
    public void A_scrape_shows_each_instance_as_it_is_and_its_counters_move()
    {
        using var lab = new TestLab(1);
        var node = Node.StartVigil(lab, 1, Configs.Global()
            + Configs.Instance("VI_1", 51, 150, vips: "198.51.100.1/24\n198.51.100.2/32")
            + Configs.Instance("VI_2", 52, 120, vips: "198.51.100.3/24"), "--metrics", MetricsAt);
        node.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        node.WaitFor(@"\(VI_2\) Entering MASTER STATE", Long);

        var (chunked, first) = Scrape(lab);
        Thread.Sleep(500);
        var (_, second) = Scrape(lab);

        Assert.True(chunked);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\","
            + "ip_address=\"198.51.100.2/32\"} 2", first, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\","
            + "ip_address=\"198.51.100.3/24\"} 2", first, StringComparison.Ordinal);
        Assert.Contains("vigil_vrrp_effective_priority{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"} 120", first,
            StringComparison.Ordinal);
        Assert.Contains("vigil_tracker_contribution{iname=\"VI_1\",kind=\"interface\",name=\"eth0\"} 0", first,
            StringComparison.Ordinal);
        const string Sent = "keepalived_advertisements_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} ";
        Assert.True(Value(second, Sent) > Value(first, Sent), $"{Value(first, Sent)} then {Value(second, Sent)}");
        Assert.Contains("process_resident_memory_bytes ", second, StringComparison.Ordinal);
    }

    // Synchronous on the namespace's thread: an async client would connect from a pool thread, outside it.
    private static (bool Chunked, string Page) Scrape(TestLab lab) => NetNs.Run(lab.Host(1), () =>
    {
        using var client = new TcpClient();
        client.Connect(IPEndPoint.Parse(MetricsAt));
        var stream = client.GetStream();
        stream.Write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"u8);
        using var all = new MemoryStream();
        stream.CopyTo(all);
        var raw = Encoding.UTF8.GetString(all.ToArray());
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = raw[..split];
        var chunked = head.Contains("Transfer-Encoding: chunked", StringComparison.Ordinal);
        return (chunked, chunked ? Dechunk(all.ToArray().AsSpan(split + 4)) : raw[(split + 4)..]);
    });

    // The body of a chunked answer: size in hex, CRLF, the bytes, CRLF, ... until the chunk of size 0.
    private static string Dechunk(ReadOnlySpan<byte> body)
    {
        var page = new MemoryStream();
        while (true)
        {
            var end = body.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body[..end]), System.Globalization.NumberStyles.HexNumber,
                System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
                return Encoding.UTF8.GetString(page.ToArray());
            page.Write(body.Slice(end + 2, size));
            body = body[(end + 2 + size + 2)..];
        }
    }

    private static double Value(string page, string prefix)
    {
        var line = page.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
