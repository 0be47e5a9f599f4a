using Vigil.Lab;

namespace Vigil.Operations.Tests.Live;

/// <summary>The lab without root: the same scenarios on the in-memory cluster.</summary>
public sealed class SimulatedLabTests
{
    [Theory]
    [InlineData("kill", "kill -9 n1 \\(MASTER\\): n2 MASTER after \\d+ ms")]
    [InlineData("check", "fail the health check of n1 \\(MASTER\\): n2 MASTER after \\d+ ms")]
    [InlineData("link", "cut the link of n1 \\(MASTER\\): n2 MASTER after \\d+ ms")]
    public async Task Each_fault_moves_the_address_and_the_repair_brings_it_back(string scenario, string takeover)
    {
        var output = new StringWriter();
        int exit;
        await using (var cluster = new InMemoryCluster(3))
        {
            exit = await LabScenario.RunAsync(
                cluster,
                scenario,
                TimeSpan.FromSeconds(60),
                output,
                TestContext.Current.CancellationToken);
        }

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Matches(takeover, text);
        Assert.Matches("n1 MASTER after \\d+ ms", text.Split('\n')[^3]);
    }

    [Fact]
    public async Task A_killed_node_keeps_its_address_until_it_restarts()
    {
        await using var cluster = new InMemoryCluster(2);
        await LabScenario.RunAsync(
            cluster,
            "kill",
            TimeSpan.FromSeconds(60),
            TextWriter.Null,
            TestContext.Current.CancellationToken);
        cluster.Kill(2); // n1 is MASTER again; killing the BACKUP changes nothing for the address

        var rows = await cluster.RowsAsync();

        Assert.Equal(("MASTER", true), (rows[0].State, rows[0].HoldsAddress));
        Assert.Equal("DOWN", rows[1].State);
    }

    [Fact]
    public void The_table_marks_the_selected_node_and_shows_faults()
    {
        var rows = new[]
        {
            new LabRow("n1", "FAULT", 150, 150, false, false, true, null),
            new LabRow("n2", "MASTER", 100, 100, true, true, false, null),
        };

        var text = LabTable.Render("test", rows, 2, ["12:00:00.000  >> cut link of n1"]);

        // A FAULT node competes with nothing: its priority shows as 0 over its base.
        Assert.Matches(@"\n   n1\s+FAULT\s+0/150\s+-\s+ok\s+CUT\n", text);
        Assert.Matches(@"\n > n2\s+MASTER\s+100/100\s+yes\s+FAIL\s+up\n", text);
        Assert.Contains(">> cut link of n1", text, StringComparison.Ordinal);
    }
}
