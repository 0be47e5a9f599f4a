using System.Text.RegularExpressions;
using Xunit;

namespace Vigil.Config.Tests;

/// <summary>
/// A user's clone is all there is: no test, benchmark or CI step may read a path outside the repository (a
/// "../shared" beside the clone, an absolute path of one machine). Every relative path that climbs with "../" is
/// resolved from the file that names it and must stay inside the tree; C# code may not build one from "..".
/// </summary>
public partial class RepositoryContainmentTests
{
    private static readonly string[] Scanned = ["tests", "bench", ".ci"];

    private static readonly string[] Extensions = [".cs", ".csproj", ".props", ".targets", ".sh", ".json", ".slnx", ""];

    [Fact]
    public void No_test_bench_or_ci_file_names_a_path_outside_the_repository()
    {
        var root = TestPaths.RepoRoot;
        var problems = new List<string>();
        var files = Scanned.Select(d => Path.Combine(root, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(root, "Directory.*"))
            .Where(f => !IsGenerated(root, f) && Extensions.Contains(Path.GetExtension(f)))
            .Where(f => Path.GetFileName(f) != "RepositoryContainmentTests.cs") // its examples are the forbidden paths
            .ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine(".ci", "run"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("TestPaths.cs", StringComparison.Ordinal));

        foreach (var file in files)
        {
            var rel = Path.GetRelativePath(root, file);
            var text = File.ReadAllText(file);
            if (rel == Path.Combine(".ci", "run"))
                text = WithoutOptionalPeer(text);
            problems.AddRange(
                Problems(root, Path.GetDirectoryName(file)!, text, file.EndsWith(".cs", StringComparison.Ordinal))
                    .Select(p => $"{rel}: {p}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("corpus=\"$(dirname \"$0\")/../../../../shared/corpus\"", false)]
    [InlineData("Path.Combine(RepoRoot, \"..\", \"shared\")", true)]
    [InlineData("cat /work/shared/vectors/v2-adv1.txt", false)]
    [InlineData("<ProjectReference Include=\"../../../../elsewhere/X.csproj\" />", false)]
    public void The_scan_finds_a_path_that_leaves_the_tree(string text, bool isCSharp)
    {
        var root = TestPaths.RepoRoot;
        Assert.NotEmpty(Problems(root, Path.Combine(root, "tests", "Vigil.Config.Tests", "tools"), text, isCSharp));
    }

    [Theory]
    [InlineData("corpus=\"$(dirname \"$0\")/../../data/keepalived-conf\"")]
    [InlineData("<ProjectReference Include=\"../../src/Vigil/Vigil.csproj\" />")]
    public void The_scan_accepts_a_path_that_stays_inside(string text)
    {
        var root = TestPaths.RepoRoot;
        Assert.Empty(Problems(root, Path.Combine(root, "tests", "Vigil.Config.Tests", "tools"), text, isCSharp: false));
    }

    /// <summary>
    /// The one exception: CI may build keepalived 2.4.3, a second interop peer, with the peer build script found
    /// beside the clone (the CI machine has it; a user's clone does not). Only lines naming that script are exempt,
    /// and nothing depends on it: without it the tests that need 2.4.3 are skipped with the reason.
    /// </summary>
    private static string WithoutOptionalPeer(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.Contains("build-keepalived.sh", StringComparison.Ordinal)));

    [Fact]
    public void Only_the_optional_peer_build_line_of_ci_is_exempt()
    {
        Assert.Empty(ForeignPath().Matches(WithoutOptionalPeer("peer=$here/../../shared/peers/build-keepalived.sh\n")));
        Assert.NotEmpty(ForeignPath().Matches(WithoutOptionalPeer("x=$here/../../shared/peers/other.sh\n")));
    }

    private static IEnumerable<string> Problems(string root, string directory, string text, bool isCSharp)
    {
        foreach (Match m in ClimbingPath().Matches(text))
        {
            var resolved = Path.GetFullPath(Path.Combine(directory, m.Value));
            if (!IsInside(root, resolved))
                yield return $"'{m.Value}' resolves to {resolved}, outside the repository";
        }

        foreach (Match m in ForeignPath().Matches(text))
            yield return $"'{m.Value}' names material outside the repository";

        if (isCSharp && ParentLiteral().IsMatch(text))
            yield return "a \"..\" path segment in C# code; find the root by walking up to Vigil.slnx instead";
    }

    private static bool IsInside(string root, string path) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsGenerated(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        return parts.Any(p => p is "bin" or "obj" or "BenchmarkDotNet.Artifacts" or "TestResults")
            || (parts.Length > 1 && parts[0] == "tests" && parts[1] == "data");
    }

    // One or more "../" steps and whatever plain path follows them.
    [GeneratedRegex(@"(?:\.\./)+[\w.\-/]*")]
    private static partial Regex ClimbingPath();

    [GeneratedRegex(@"(?:/work/|\bshared/(?:corpus|vectors|spec|reference|peers)\b)[\w.\-/]*")]
    private static partial Regex ForeignPath();

    // ".." as an argument: Path.Combine(root, "..", ...).
    [GeneratedRegex(@"""\.\.""\s*[,)]")]
    private static partial Regex ParentLiteral();
}
