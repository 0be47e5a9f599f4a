using System.Diagnostics;
using Vigil.Cli;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Hosting;

namespace Vigil.Operations.Tests.Check;

/// <summary>Only regular files are configuration: a FIFO, a device or a directory named by `-f` or `include` is
/// refused at once with a located diagnostic, never read (a FIFO blocks, /dev/zero and /dev/urandom never
/// end).</summary>
public sealed class ConfigFileTypeTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("vigil-filetype-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private string Fifo()
    {
        var path = Path.Combine(_root, "fifo");
        using var p = Process.Start("mkfifo", path);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    private string Main(string include)
    {
        var path = Path.Combine(_root, "keepalived.conf");
        File.WriteAllText(
            path,
            $"global_defs {{\n}}\ninclude {include}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 5\n " +
            $"virtual_ipaddress {{ 192.0.2.1 }}\n}}\n");
        return path;
    }

    /// <summary>Loads off the test thread with a deadline, so a regression fails the test instead of hanging
    /// it.</summary>
    private static ConfigResult Load(string path) =>
        Task.Run(
            () => ConfigLoader.Load(path, new FileConfigSource(), new ConfigOptions()),
            TestContext.Current.CancellationToken)
            .WaitAsync(Limit, TestContext.Current.CancellationToken).GetAwaiter().GetResult();

    public static TheoryData<string> Specials => new() { "/dev/zero", "/dev/urandom", "/dev/null" };

    [Theory]
    [MemberData(nameof(Specials))]
    public void An_included_device_is_refused_with_its_location(string device)
    {
        var main = Main(device);
        var r = Load(main);
        var d = Assert.Single(Coded(r, "include"));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal((main, 3, 1), (d.File, d.Line, d.Column));
        Assert.Contains("not a regular file (a character device)", d.Message, StringComparison.Ordinal);
        Assert.Single(r.Model!.Instances); // the rest of the file still reads
    }

    [Fact]
    public void An_included_fifo_or_directory_is_refused_without_blocking()
    {
        var r = Load(Main(Fifo()));
        Assert.Contains(
            "not a regular file (a FIFO)",
            Assert.Single(Coded(r, "include")).Message,
            StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_root, "dir"));
        r = Load(Main(Path.Combine(_root, "dir")));
        // A directory is no file at all to the include glob.
        Assert.Contains("no file matches", Assert.Single(Coded(r, "include")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_or_device_as_the_main_file_cannot_run()
    {
        foreach (var path in new[] { Fifo(), "/dev/zero", "/dev/urandom" })
        {
            var r = Load(path);
            Assert.Equal(4, r.ExitCode);
            Assert.Contains(
                "not a regular file",
                Assert.Single(Coded(r, "file-not-found")).Message,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_over_the_cap_is_refused_without_reading_it()
    {
        var big = Path.Combine(_root, "big.conf");
        using (var f = File.Create(big))
            f.SetLength(17L * 1024 * 1024); // sparse: costs no disk
        var r = Load(Main(big));
        Assert.Contains("larger than 16 MiB", Assert.Single(Coded(r, "include")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vigil_check_on_a_fifo_returns_instead_of_hanging()
    {
        var fifo = Fifo();
        var output = new StringWriter();
        var code = await Task.Run(
            () => CheckCommand.Run(
                ["-f", fifo], output, output, new FileConfigSource(), new LinuxHostEnvironment(), "node1"),
            TestContext.Current.CancellationToken).WaitAsync(
            Limit,
            TestContext.Current.CancellationToken);
        Assert.Equal(4, code);
        Assert.Contains("not a regular file (a FIFO)", output.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<Diagnostic> Coded(ConfigResult r, string code) =>
        r.Diagnostics.Where(d => d.Code == code);
}
