namespace Vigil.Config.Tests;

/// <summary>Locates the repository root (the directory holding Vigil.slnx) and the test data inside it. Everything a
/// test reads lives in the repository, so a fresh clone passes on its own.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>tests/data: the real configurations (keepalived-conf, with INDEX.tsv) and the captured adverts
    /// (vectors).</summary>
    public static string Data => Path.Combine(RepoRoot, "tests", "data");

    public static string Corpus => Path.Combine(Data, "keepalived-conf");

    public static string TestProject => Path.Combine(RepoRoot, "tests", "Vigil.Config.Tests");

    // The source file's own path (recorded at compile time) finds the tree even when the binary lives elsewhere.
    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static string FindRoot()
    {
        foreach (var start in (string[])[
            Path.GetDirectoryName(ThisFile()) ?? ".",
            AppContext.BaseDirectory,
            Directory.GetCurrentDirectory()])
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                    return dir.FullName;
                dir = dir.Parent;
            }
        }
        throw new InvalidOperationException("Vigil.slnx not found above the test binary or the working directory");
    }

    public static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(Corpus, "*.conf").Concat(Directory.EnumerateFiles(Corpus, "*keepalived.conf*"))
            .Concat(Directory.EnumerateFiles(Corpus).Where(f => !f.EndsWith(".tsv", StringComparison.Ordinal)))
            .Distinct().Order(StringComparer.Ordinal);
}
