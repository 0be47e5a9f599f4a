using System.Globalization;
using Vigil.Operations.Tests.Check.Fuzz;

namespace Vigil.Operations.Tests.Check;

/// <summary>The differential fuzzer against keepalived 2.2.7 on a fixed seed set: generated files through
/// `keepalived -t` (and its dump for every 10th) in private namespaces, and through `vigil check --json`. The seed
/// set, worker count and dump rate come from VIGIL_FUZZ_SEEDS (e.g. "1-5000"), VIGIL_FUZZ_WORKERS and
/// VIGIL_FUZZ_DUMP_EVERY for runs by hand (tools/fuzz-keepalived.sh); VIGIL_FUZZ_OUT keeps the shrunk
/// disagreements.</summary>
public sealed class DifferentialFuzzTests
{
    private static (int First, int Last) Seeds()
    {
        var s = Environment.GetEnvironmentVariable("VIGIL_FUZZ_SEEDS") ?? "1-300";
        var parts = s.Split('-');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[^1], CultureInfo.InvariantCulture));
    }

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

    [Fact]
    public void Generator_is_deterministic_and_varied()
    {
        var a = ConfFile.Text(new ConfGenerator(7).Generate().Top);
        Assert.Equal(a, ConfFile.Text(new ConfGenerator(7).Generate().Top));
        var distinct = Enumerable.Range(1, 50)
            .Select(i => ConfFile.Text(new ConfGenerator(i).Generate().Top))
            .Distinct()
            .Count();
        Assert.Equal(50, distinct);
        var all = string.Concat(
            Enumerable.Range(1, 300).Select(i => ConfFile.Text(new ConfGenerator(i).Generate().Top)));
        foreach (var feature in (string[])[
            "vrrp_instance",
            "vrrp_script",
            "vrrp_sync_group",
            "include ",
            "@fuzz",
            "#",
            "$P",
            "virtual_server",
            "use_vmac",
            "unicast_peer"])
        {
            Assert.Contains(feature, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Vigil_agrees_with_keepalived_on_generated_files()
    {
        if (!FuzzNamespace.Available())
            Assert.Skip("needs root, iproute2 and keepalived");
        var (first, last) = Seeds();
        var outDir = Environment.GetEnvironmentVariable("VIGIL_FUZZ_OUT")
            ?? Path.Combine(Path.GetTempPath(), $"vigil-fuzz-{Environment.ProcessId}");
        var fuzzer = new DifferentialFuzzer(outDir, Env("VIGIL_FUZZ_WORKERS", 3), Env("VIGIL_FUZZ_DUMP_EVERY", 10));
        var report = fuzzer.Run(Enumerable.Range(first, last - first + 1));
        TestContext.Current.SendDiagnosticMessage(DifferentialFuzzer.Describe(report));
        Console.WriteLine(DifferentialFuzzer.Describe(report));
        if (Environment.GetEnvironmentVariable("VIGIL_FUZZ_OUT") is null)
            Directory.Delete(outDir, true);
        Assert.True(report.Dumped > 0, "no dump was compared");
        Assert.True(report.VerdictRate >= 0.995, DifferentialFuzzer.Describe(report));
        Assert.True(report.FieldRate >= 0.995, DifferentialFuzzer.Describe(report));
    }
}
