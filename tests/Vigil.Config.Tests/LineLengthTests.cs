using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Vigil.Config.Tests;

/// <summary>
/// No line of C# in src/, tests/ or bench/ is longer than 120 columns. The one exemption is a line that lies
/// inside a string literal spanning lines (a raw """ string, a verbatim @" string): its text is data (a
/// configuration, an expected output) that cannot be wrapped without changing it.
/// </summary>
public class LineLengthTests
{
    public const int Limit = 120;

    private static readonly string[] Roots = ["src", "tests", "bench"];

    [Fact]
    public void No_line_of_CSharp_is_longer_than_120_columns()
    {
        var root = TestPaths.RepoRoot;
        var files = Roots
            .Select(d => Path.Combine(root, d))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !IsGenerated(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(files, f => f.EndsWith("LineLengthTests.cs", StringComparison.Ordinal));

        var problems = files
            .SelectMany(f => LongLines(File.ReadAllText(f))
                .Select(l => $"{Path.GetRelativePath(root, f).Replace('\\', '/')}:{l.Line} ({l.Length})"))
            .ToList();

        Assert.True(
            problems.Count == 0,
            $"{problems.Count} lines longer than {Limit} columns:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void A_long_line_of_code_comment_or_single_line_string_is_found()
    {
        var longCode = "var x = " + string.Join(" + ", Enumerable.Repeat("value", 30)) + ";";
        var longComment = "// " + new string('c', Limit);
        var longString = "var s = \"" + new string('s', Limit) + "\";";
        var text = $"class C\n{{\n    void M()\n    {{\n{longCode}\n{longComment}\n{longString}\n    }}\n}}\n";

        Assert.Equal([5, 6, 7], LongLines(text).Select(l => l.Line));
        Assert.Equal(longCode.Length, LongLines(text)[0].Length);
    }

    [Fact]
    public void Only_lines_inside_a_multi_line_string_are_exempt()
    {
        var data = new string('d', Limit + 10);
        var text = "class C\n{\n" +
            "    const string Raw = \"\"\"\n" + data + "\n        \"\"\";\n" +
            "    const string Verbatim = @\"first\n" + data + "\n\";\n" +
            "    const string Interpolated = $\"\"\"\n" + data + "\n        \"\"\";\n" +
            "    const string Single = @\"" + data + "\";\n" +
            "}\n";

        Assert.Equal([12], LongLines(text).Select(l => l.Line));
    }

    /// <summary>The 1-based numbers and lengths of the lines longer than the limit, less the exempt ones.</summary>
    public static List<(int Line, int Length)> LongLines(string text)
    {
        var source = SourceText.From(text);
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview));
        var literals = MultiLineLiterals(tree.GetRoot(), source);
        var found = new List<(int, int)>();
        foreach (var line in source.Lines)
        {
            if (line.Span.Length <= Limit)
                continue;
            if (!literals.Any(l => IsInside(line, l)))
                found.Add((line.LineNumber + 1, line.Span.Length));
        }
        return found;
    }

    // A line is inside a literal when the literal began on an earlier line and still runs at the limit's column:
    // the first columns hold data (or the closing quotes' indentation), so no reflow of the code can shorten it.
    private static bool IsInside(TextLine line, TextSpan literal) =>
        literal.Start < line.Start && literal.End > line.Start + Limit;

    private static List<TextSpan> MultiLineLiterals(SyntaxNode root, SourceText source)
    {
        bool MultiLine(TextSpan s) => source.Lines.GetLineFromPosition(s.Start).LineNumber
            != source.Lines.GetLineFromPosition(s.End).LineNumber;

        var spans = new List<TextSpan>();
        foreach (var node in root.DescendantNodes())
        {
            if (node is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression
                    or (int)SyntaxKind.Utf8StringLiteralExpression } literal && MultiLine(literal.Span))
            {
                spans.Add(literal.Span);
            }
            else if (node is InterpolatedStringExpressionSyntax interpolated && MultiLine(interpolated.Span))
            {
                spans.Add(interpolated.Span);
            }
        }
        return spans;
    }

    private static bool IsGenerated(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)
            .Any(p => p is "bin" or "obj" or "BenchmarkDotNet.Artifacts" or "TestResults");
}
