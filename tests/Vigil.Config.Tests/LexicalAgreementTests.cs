namespace Vigil.Config.Tests;

/// <summary>Fixtures/lexical/lexical.conf is made of lines such as `k_$P`, `@corpus-host k_cond_yes` or
/// `~SEQx(H, 10, 12) k_hex$H`: the unknown keywords a parser reports show how it expanded each line. The set
/// keepalived 2.2.7 reported (Expectations/lexical-keepalived.txt, from tools/keepalived-unknown-keywords.sh)
/// must equal Vigil's.</summary>
public sealed class LexicalAgreementTests
{
    [Fact]
    public void Vigil_expands_every_line_as_keepalived_does()
    {
        var dir = Path.Combine(TestPaths.TestProject, "Fixtures", "lexical");
        var r = ConfigLoader.Load(Path.Combine(dir, "lexical.conf"), DiskSnapshot.Of(dir),
            new ConfigOptions { HostName = "corpus-host" });
        const string Prefix = "unknown top-level keyword '";
        var ours = r.Diagnostics.Where(
            d => d.Code == "unknown-keyword" && d.Message.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(d => d.Message[Prefix.Length..d.Message.IndexOf("'; ignored", StringComparison.Ordinal)])
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var theirs = File.ReadAllLines(Path.Combine(TestPaths.TestProject, "Expectations", "lexical-keepalived.txt"))
            .Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(theirs, ours);
    }
}
