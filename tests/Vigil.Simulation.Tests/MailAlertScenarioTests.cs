using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Configs;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>Mail alerts through a failover: each host mails its own transitions, once each.</summary>
public sealed class MailAlertScenarioTests
{
    [Fact]
    public void Failover_mails_each_host_transition_once()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { SmtpAlert = true })
            .WithGlobal(g => g with
            {
                RouterId = "lb",
                SmtpServer = "192.0.2.25",
                NotificationEmails = ["ops@example.org"]
            });
        var sim = Start(11, ("a", config.ForHost(("VI_1", 150))), ("b", config));
        sim.At(S(10), () => sim.Crash(sim.Host("a")));
        sim.RunFor(S(20));

        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Equal(
            ["[lb] VRRP Instance VI_1 - Entering BACKUP state", "[lb] VRRP Instance VI_1 - Entering MASTER state"],
            sim.Host("a").Mails);
        Assert.Equal(
            ["[lb] VRRP Instance VI_1 - Entering BACKUP state", "[lb] VRRP Instance VI_1 - Entering MASTER state"],
            sim.Host("b").Mails);
    }
}
