using System.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Every corpus file: no exception, located diagnostics, and its verdict and key model facts equal to
/// the reviewed record in Expectations/corpus-expectations.tsv (offline: no host checks, config-id "corpus-host").
/// Set VIGIL_RECORD=1 to rewrite the record after a deliberate change, then review the diff.</summary>
public sealed class CorpusTests
{
    private static readonly string ExpectationsFile = Path.Combine(
        TestPaths.TestProject,
        "Expectations",
        "corpus-expectations.tsv");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in TestPaths.CorpusFiles())
            data.Add(Path.GetFileName(f));
        return data;
    }

    private static Dictionary<string, string> Recorded() =>
        File.ReadLines(ExpectationsFile).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    [Fact]
    public void Corpus_has_75_files_and_each_is_recorded()
    {
        var files = TestPaths.CorpusFiles().Select(Path.GetFileName).ToList();
        Assert.Equal(75, files.Count);
        Assert.Equal(files.Order(StringComparer.Ordinal), Recorded().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Corpus_file_matches_its_recorded_verdict_and_facts(string name)
    {
        var r = CorpusProbe.Load(Path.Combine(TestPaths.Corpus, name));
        Assert.NotNull(r.Model);
        Assert.All(r.Diagnostics, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.File));
            Assert.True(d.Line > 0, d.ToString());
            Assert.True(d.Column > 0, d.ToString());
        });
        Assert.Equal(Recorded()[name], CorpusProbe.Facts(r));
    }

    [Fact]
    public void Record_expectations()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_RECORD") is null)
            Assert.Skip("set VIGIL_RECORD=1 to rewrite Expectations/corpus-expectations.tsv");
        var lines = new List<string>
        {
            "# file\texit code (offline)\tinstances NAME:vrid/priority/state(M|B)/vip count\tscripts NAME:weight (u " +
            "= untracked)",
        };
        foreach (var f in TestPaths.CorpusFiles())
            lines.Add($"{Path.GetFileName(f)}\t{CorpusProbe.Facts(CorpusProbe.Load(f))}");
        File.WriteAllLines(ExpectationsFile, lines);
    }
}
