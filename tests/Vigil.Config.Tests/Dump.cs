namespace Vigil.Config.Tests;

public sealed class Dump
{
    [Fact]
    public void Print_corpus()
    {
        if (Environment.GetEnvironmentVariable("VIGIL_DUMP") is not { } outFile)
            return;
        using var w = new StreamWriter(outFile);
        foreach (var f in TestPaths.CorpusFiles())
        {
            var r = CorpusProbe.Load(f, Environment.GetEnvironmentVariable("VIGIL_HOST") is null ? null : new Vigil.Hosting.LinuxHostEnvironment());
            w.WriteLine($"{Path.GetFileName(f)}\t{CorpusProbe.Facts(r)}");
            foreach (var d in r.Diagnostics)
                w.WriteLine("    " + d.ToString().Replace(TestPaths.Corpus + "/", string.Empty, StringComparison.Ordinal));
        }
    }
}
