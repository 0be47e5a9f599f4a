using Vigil.Lab;

namespace Vigil.Operations.Tests.Live;

/// <summary>`vigil lab --scenario failover` as CI runs it: three real daemons, every fault, every takeover
/// timed.</summary>
public sealed class LabScenarioTests
{
    [Fact]
    public async Task The_failover_scenario_moves_the_address_for_every_fault_and_cleans_up()
    {
        LiveDaemon.RequireRoot();
        var output = new StringWriter();
        string prefix;
        string work;
        int exit;
        await using (var cluster = new NamespaceCluster(3, LiveDaemon.VigilCommand))
        {
            prefix = cluster.Network.Bridge[..^"-br".Length];
            work = cluster.WorkDirectory;
            exit = await LabScenario.RunAsync(
                cluster,
                "failover",
                TimeSpan.FromSeconds(120),
                output,
                TestContext.Current.CancellationToken);
        }

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Matches(@"kill -9 n1 \(MASTER\): n2 MASTER after \d+ ms", text);
        Assert.Matches(@"fail the health check of n1 \(MASTER\): n2 MASTER after \d+ ms", text);
        Assert.Matches(@"cut the link of n1 \(MASTER\): n2 MASTER after \d+ ms", text);
        Assert.Matches(@"restart n1: n1 MASTER after \d+ ms", text);
        TestContext.Current.SendDiagnosticMessage(text);
        var namespaces = Vigil.Lab.Shell.Must("ip", "netns", "list");
        Assert.DoesNotContain(prefix, namespaces, StringComparison.Ordinal);
        Assert.False(Directory.Exists(work));
    }
}
