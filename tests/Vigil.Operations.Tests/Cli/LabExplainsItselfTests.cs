using Vigil.Lab;

namespace Vigil.Operations.Tests.Cli;

/// <summary>The lab's table and keys say what is going on: a crash's leftover address, a FAULT node's priority, a
/// key that cannot act, and a run without a terminal.</summary>
public sealed class LabExplainsItselfTests
{
    private static LabRow Row(string node, string state, int? effective = 150, int? @base = 150, bool holds = false) =>
        new(node, state, effective, @base, holds, CheckFailing: false, LinkCut: false, LastTransitionAt: null);

    [Fact]
    public void A_killed_nodes_leftover_address_is_marked_as_left_behind_by_the_crash()
    {
        var rows = new[]
        {
            Row("n1", "DOWN", null, null, holds: true),
            Row("n2", "MASTER", 100, 100, holds: true),
            Row("n3", "BACKUP", 50, 50)
        };
        var table = LabTable.Render("test", rows, 1, []);
        var lines = table.Split('\n');
        Assert.Contains(
            lines,
            l => l.Contains("n1", StringComparison.Ordinal)
                && l.Contains("DOWN", StringComparison.Ordinal)
                && l.Contains("left behind", StringComparison.Ordinal));
        Assert.Contains(
            lines,
            l => l.Contains("n2", StringComparison.Ordinal) && l.Contains(" yes ", StringComparison.Ordinal));
        Assert.Contains("n1: left behind by the crash", table, StringComparison.Ordinal);
        Assert.DoesNotContain("n2: left behind", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_row_shows_the_priority_it_advertises()
    {
        Assert.Equal("0/150", LabTable.Priority(Row("n1", "FAULT", 150, 150)));
        Assert.Equal("70/150", LabTable.Priority(Row("n1", "BACKUP", 70, 150)));
        Assert.Equal("-", LabTable.Priority(Row("n1", "DOWN", null, null)));
        Assert.Contains(
            "FAULT        0/150",
            LabTable.Render("test", [Row("n1", "FAULT")], 1, []),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_does_nothing_says_why()
    {
        Assert.Equal("n3 is already running", LabRunner.Refusal('s', Row("n3", "BACKUP"), 3));
        Assert.Equal("n3 is already running", LabRunner.Refusal('s', Row("n3", "STARTING", null, null), 3));
        Assert.Null(LabRunner.Refusal('s', Row("n3", "DOWN", null, null), 3));
        Assert.StartsWith(
            "n1 is not running",
            LabRunner.Refusal('k', Row("n1", "DOWN", null, null), 3),
            StringComparison.Ordinal);
        Assert.Null(LabRunner.Refusal('k', Row("n1", "MASTER"), 3));
        Assert.Equal("there is no node n7 (this lab has 3)", LabRunner.Refusal('7', Row("n1", "MASTER"), 3));
        Assert.StartsWith(
            "key 'x' does nothing; keys:",
            LabRunner.Refusal('x', Row("n1", "MASTER"), 3),
            StringComparison.Ordinal);
        foreach (var acting in "fcr")
            Assert.Null(LabRunner.Refusal(acting, Row("n1", "MASTER"), 3));
    }

    [Fact]
    public void Without_a_terminal_the_lab_says_in_one_line_that_it_runs_non_interactively_and_why()
    {
        Assert.Null(LabRunner.NonInteractiveNotice(inputRedirected: false, outputRedirected: false));
        var notice = LabRunner.NonInteractiveNotice(inputRedirected: false, outputRedirected: true);
        Assert.NotNull(notice);
        Assert.DoesNotContain('\n', notice);
        Assert.Contains(
            "non-interactively because standard output is not a terminal",
            notice,
            StringComparison.Ordinal);
        Assert.Contains(
            "standard input is not a terminal",
            LabRunner.NonInteractiveNotice(true, false),
            StringComparison.Ordinal);
    }
}
