using System.Diagnostics;
using System.Net;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

/// <summary>Prometheus's own linter on what a scrape really returns: `promtool check metrics` reads the exposition
/// on stdin and fails on format errors and on naming-convention problems.</summary>
public sealed class PromtoolTests
{
    public const string Promtool = "/usr/bin/promtool";

    public static async Task<(int ExitCode, string Output)> CheckAsync(string exposition)
    {
        var start = new ProcessStartInfo(Promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    [Fact]
    public async Task The_runtime_footprint_families_pass_promtool_and_report_this_process()
    {
        Assert.SkipUnless(File.Exists(Promtool), "promtool is not installed (Debian package prometheus)");
        using var text = MetricsPage.FromText(MetricsRenderer.Render(Fixtures.Snapshot()));
        RuntimeMetrics.Append(text);
        var (code, output) = await CheckAsync(text.ToString());
        Assert.True(code == 0, output);
        var rss = text.ToString()
            .Split('\n')
            .Single(l => l.StartsWith("process_resident_memory_bytes ", StringComparison.Ordinal));
        Assert.True(
            double.Parse(rss.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 1_000_000,
            rss);
        Assert.Contains("vigil_gc_collections_total{generation=\"0\"} ", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_scrape_passes_promtool_check_metrics()
    {
        Assert.SkipUnless(File.Exists(Promtool), "promtool is not installed (Debian package prometheus)");
        var runs = new ScriptRunRecorder();
        runs.Record("chk_app", "success", TimeSpan.FromMilliseconds(7));
        runs.Record("chk_app", "timeout", TimeSpan.FromSeconds(2));
        await using var server = MetricsHttpServer.Start(new IPEndPoint(IPAddress.Loopback, 0),
            (page, _) => ValueTask.FromResult(Steps(page, runs)));
        using var http = new HttpClient();

        var scraped = await http.GetStringAsync(
            $"http://127.0.0.1:{server.EndPoint.Port}/metrics",
            TestContext.Current.CancellationToken);
        var (exit, output) = await CheckAsync(scraped);

        Assert.True(exit == 0, $"promtool check metrics failed ({exit}):\n{output}\n--- scraped ---\n{scraped}");
        Assert.Contains("keepalived_vrrp_state{", scraped, StringComparison.Ordinal);
    }

    // The page as the daemon sends it: written in steps, sent in HTTP chunks as it fills.
    private static IEnumerable<MetricsPage> Steps(MetricsPage page, ScriptRunRecorder runs)
    {
        foreach (var step in MetricsRenderer.Write(page, Fixtures.Snapshot(), runs))
            yield return step;
        RuntimeMetrics.Append(page);
        yield return page;
    }

    [Fact]
    public async Task Promtool_does_reject_a_broken_exposition()
    {
        // Guards the test above: promtool must really be judging, not accepting anything.
        Assert.SkipUnless(File.Exists(Promtool), "promtool is not installed (Debian package prometheus)");

        var (exit, _) = await CheckAsync("# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} oops\n");

        Assert.NotEqual(0, exit);
    }
}
