using System.Text.RegularExpressions;
using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>docs/config-support.md tells users which keywords Vigil acts on; this keeps each section row true. Each
/// keyword is put alone in its section and loaded: "parsed and reported" rows must get the one "unsupported" warning,
/// every other row must not, and no row may name a keyword the section does not know.</summary>
public sealed partial class ConfigSupportMatrixTests
{
    [GeneratedRegex(@"^\| `(?<section>[a-z_]+)` \| `(?<keyword>[^`]+)` \| (?<support>.+?) \|\s*$")]
    private static partial Regex Row();

    // How to wrap a keyword of each section so that it lands in that section.
    private static readonly Dictionary<string, Func<string, string>> Sections = new(StringComparer.Ordinal)
    {
        ["global_defs"] = k => $"global_defs {{\n{k}\n}}\n",
        ["vrrp_instance"] = k => $"vrrp_instance VI_1 {{\n{k}\n}}\n",
        ["vrrp_script"] = k => $"vrrp_script chk {{\n{k}\n}}\n",
        ["vrrp_sync_group"] = k => $"vrrp_sync_group G {{\n{k}\n}}\n",
        ["track_file"] = k => $"track_file tf {{\n{k}\n}}\n",
        ["vrrp_track_process"] = k => $"vrrp_track_process tp {{\n{k}\n}}\n",
        ["garp_group"] = k => $"garp_group {{\n{k}\n}}\n",
    };

    public static TheoryData<string, string, string> Rows()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.RepoRoot, "docs", "config-support.md")))
        {
            var m = Row().Match(line);
            if (m.Success && Sections.ContainsKey(m.Groups["section"].Value))
                rows.Add(m.Groups["section"].Value, m.Groups["keyword"].Value, m.Groups["support"].Value);
        }
        return rows;
    }

    [Fact]
    public void The_page_has_rows_for_every_section()
    {
        var sections = Rows().Select(r => r.Data.Item1).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Sections.Keys.Order(StringComparer.Ordinal), sections.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_row_says_what_the_parser_does(string section, string keyword, string support)
    {
        // Once with an argument and once with a block: a block keyword given a plain argument may stop before the
        // report.
        var results = new[]
        {
            Conf.Load(Sections[section](keyword + " 1")),
            Conf.Load(Sections[section](keyword + " {\n x\n}"))
        };
        bool Any(string code) => results.Any(r =>
            r.Diagnostics.Any(d => d.Code == code && d.Message.Contains($"'{keyword}'", StringComparison.Ordinal)));
        Assert.False(Any("unknown-keyword"), $"{section} {keyword}: the page lists it, the parser does not know it");
        var reported = Any("unsupported");
        var saysReported = support.StartsWith("parsed and reported", StringComparison.Ordinal);
        Assert.True(reported == saysReported,
            $"{section} {keyword}: the page says \"{support}\", the " +
            $"parser {(reported ? "reports it as not supported" : "acts on it or accepts it")}");
    }
}
