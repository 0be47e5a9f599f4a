using System.Diagnostics;
using Vigil.Config;
using Vigil.Config.Tests;

namespace Vigil.Operations.Tests.Check;

/// <summary>Vigil's verdict against Debian keepalived's on the same host. Expectations/keepalived-verdicts.tsv
/// was produced by tools/keepalived-verdicts.sh with keepalived 2.2.7: the `-t` exit code and the daemon's verdict
/// (4 where the daemon refuses a file `-t` passes with 5); Vigil follows the daemon's. Every file where Vigil differs
/// is listed in DISAGREEMENTS.md with the reason.</summary>
public sealed class KeepalivedComparisonTests
{
    private static readonly string TableFile = Path.Combine(
        TestPaths.TestProject,
        "Expectations",
        "keepalived-verdicts.tsv");
    private static readonly string DisagreementsFile = Path.Combine(TestPaths.TestProject, "DISAGREEMENTS.md");

    private static Dictionary<string, (int Test, int Daemon)> Table() =>
        File.ReadLines(TableFile).Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => (Int(p[1]), Int(p[3])), StringComparer.Ordinal);

    private static int Int(string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static HashSet<string> Disagreements() =>
        File.ReadLines(DisagreementsFile).Where(l => l.StartsWith("- `", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)]).ToHashSet(StringComparer.Ordinal);


    private static string? KeepalivedBinary() =>
        ((string[])[
            "/usr/sbin/keepalived",
            "/sbin/keepalived",
            "/usr/local/sbin/keepalived"]).FirstOrDefault(File.Exists);

    private static string HostInterfaces() =>
        Directory.Exists("/sys/class/net")
            ? string.Join(
                ' ',
                Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            : string.Empty;

    private static (int Test, int Daemon) RunKeepalived(string binary, string file)
    {
        using var p = Process.Start(new ProcessStartInfo(binary, ["-t", "-i", "corpus-host", "-f", file])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(true);
            throw new TimeoutException($"keepalived -t {file} did not finish");
        }
        return (p.ExitCode, KeepalivedVerdict.Daemon(p.ExitCode, stdout + stderr.Result));
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestPaths.CorpusFiles())
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void Table_covers_the_corpus_and_every_disagreement_is_a_corpus_file()
    {
        var table = Table();
        Assert.Equal(75, table.Count);
        Assert.All(table.Values, v => Assert.Contains(v.Test, (int[])[0, 2, 4, 5, 6]));
        Assert.All(table.Values, v => Assert.Contains(v.Daemon, (int[])[0, 4, 5, 6]));
        Assert.Subset(table.Keys.ToHashSet(StringComparer.Ordinal), Disagreements());
    }

    /// <summary>Live: Vigil with the real host checks against keepalived -t, file by file.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Vigil_agrees_with_keepalived_on_this_host(string name)
    {
        var binary = KeepalivedBinary();
        if (binary is null || Environment.UserName != "root")
            Assert.Skip("needs keepalived and root");
        var file = Path.Combine(TestPaths.Corpus, name);
        var theirs = RunKeepalived(binary, file).Daemon;
        var ours = CorpusProbe.Load(file, new Vigil.Hosting.LinuxHostEnvironment()).ExitCode;
        // A listed disagreement may depend on the host (interfaces that exist here but not where it was recorded).
        if (!Disagreements().Contains(name))
            Assert.Equal(theirs, ours);
    }

    /// <summary>The committed table still holds, where the host looks like the one that produced it; and Vigil's own
    /// verdict on such a host differs from it exactly on the files DISAGREEMENTS.md lists.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Recorded_keepalived_verdict_still_holds(string name)
    {
        var binary = KeepalivedBinary();
        if (binary is null || Environment.UserName != "root")
            Assert.Skip("needs keepalived and root");
        var header = File.ReadLines(TableFile).First();
        if (!header.EndsWith("interfaces: " + HostInterfaces(), StringComparison.Ordinal))
            Assert.Skip("this host's interfaces differ from the ones the table was recorded with");
        var file = Path.Combine(TestPaths.Corpus, name);
        Assert.Equal(Table()[name], RunKeepalived(binary, file));
        var ours = CorpusProbe.Load(file, new Vigil.Hosting.LinuxHostEnvironment()).ExitCode;
        Assert.Equal(Disagreements().Contains(name), Table()[name].Daemon != ours);
    }
}
