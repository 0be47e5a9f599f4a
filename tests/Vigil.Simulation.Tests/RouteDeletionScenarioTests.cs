using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>Someone deletes a route or rule Vigil installed. As keepalived 2.2.7 (observed): a tracked virtual entry
/// of a MASTER makes it leave MASTER with priority 0 and come back after Skew_Time with everything re-installed; a
/// <c>no_track</c> one stays deleted; a tracked static one is added back at once; our own removals are not
/// mistaken for someone else's.</summary>
public sealed class RouteDeletionScenarioTests
{
    private static (Simulation Sim, SimHost A, SimHost B) Pair(string statics = "")
    {
        var sim = Start(
            7,
            ("a", RouteScenarioTests.Parse(150, statics: statics)),
            ("b", RouteScenarioTests.Parse(100, statics: statics)));
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        return (sim, sim.Host("a"), sim.Host("b"));
    }

    private static int Entered(SimHost host, string state) =>
        host.Log.Count(l => l.Contains($"(VI_1) Entering {state} STATE", StringComparison.Ordinal));

    [Fact]
    public void A_deleted_tracked_route_sends_the_master_through_backup_and_back_with_everything_reinstalled()
    {
        var (sim, a, b) = Pair();
        var route = a.Routes.Keys.First(r => r.Family == IpFamily.IPv4 && !r.NoTrack);
        var masters = Entered(a, "MASTER");
        var zeros = a.Engine!.GetInstanceStatus("VI_1")!.Counters.PriorityZeroSent;

        sim.DeleteRoute(a, route);
        // At once: BACKUP, priority 0 sent, the rest of the routes, the rules and the VIPs removed.
        Assert.Equal(VrrpState.Backup, a.StateOf("VI_1"));
        Assert.Equal(zeros + 1, a.Engine.GetInstanceStatus("VI_1")!.Counters.PriorityZeroSent);
        Assert.DoesNotContain(a.Routes, r => r.Value == "VI_1");
        Assert.DoesNotContain(a.Rules, r => r.Value == "VI_1");
        Assert.Contains(
            a.Log,
            l => l.Contains($"(VI_1) virtual route {route} was deleted while MASTER", StringComparison.Ordinal));

        // Skew_Time later (0.41 s at priority 150) A is MASTER again; B, whose skew is longer, stays BACKUP.
        sim.RunFor(S(3));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        Assert.Equal(masters + 1, Entered(a, "MASTER"));
        Assert.Contains(route, a.Routes.Keys);
        Assert.Equal(3, a.Routes.Count(r => r.Value == "VI_1"));
        Assert.Equal(3, a.Rules.Count(r => r.Value == "VI_1"));
        Assert.DoesNotContain(b.Routes, r => r.Value == "VI_1");
        // Our own removals, reported back by the kernel, did not count as deletions.
        Assert.Equal(1, a.Engine.TrackedRouteDeletions);
    }

    [Fact]
    public void A_deleted_tracked_rule_does_the_same()
    {
        var (sim, a, _) = Pair();
        var rule = a.Rules.Keys.First(r => r.Preference == 100);
        sim.DeleteRule(a, rule);
        Assert.Equal(VrrpState.Backup, a.StateOf("VI_1"));
        sim.RunFor(S(3));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Contains(rule, a.Rules.Keys);
        Assert.Equal(1, a.Engine!.TrackedRouteDeletions);
    }

    [Fact]
    public void A_deleted_no_track_route_or_rule_stays_deleted_until_the_next_entry_into_master()
    {
        var (sim, a, b) = Pair();
        var route = a.Routes.Keys.Single(r => r.NoTrack);
        var rule = a.Rules.Keys.Single(r => r.NoTrack);
        sim.DeleteRoute(a, route);
        sim.DeleteRule(a, rule);
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.DoesNotContain(route, a.Routes.Keys);
        Assert.DoesNotContain(rule, a.Rules.Keys);
        Assert.Equal(0, a.Engine!.TrackedRouteDeletions);

        // A failover and back brings them home.
        sim.SetLink(a, "eth0", false);
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.Contains(route, b.Routes.Keys);
        sim.SetLink(a, "eth0", true);
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Contains(route, a.Routes.Keys);
        Assert.Contains(rule, a.Rules.Keys);
    }

    [Fact]
    public void A_deleted_static_route_or_rule_is_restored_at_once_without_a_state_change()
    {
        const string statics = """
            static_routes {
                198.51.100.0/26 via 192.0.2.1 dev eth0 table 200
                198.51.100.64/26 via 192.0.2.1 dev eth0 table 200 no_track
            }
            static_rules {
                from 192.0.2.128/25 table 200 preference 300
            }
            """;
        var (sim, a, b) = Pair(statics);
        var tracked = b.Routes.Keys.Single(r => r.Table == 200 && !r.NoTrack);
        var untracked = b.Routes.Keys.Single(r => r.Table == 200 && r.NoTrack);
        var rule = b.Rules.Keys.Single(r => r.Preference == 300);
        sim.DeleteRoute(b, tracked);
        sim.DeleteRule(b, rule);
        sim.DeleteRoute(b, untracked);
        Assert.Contains(tracked, b.Routes.Keys);
        Assert.Contains(rule, b.Rules.Keys);
        Assert.DoesNotContain(untracked, b.Routes.Keys);
        Assert.Contains(b.Log, l => l.Contains($"Restoring deleted static route {tracked}", StringComparison.Ordinal));
        Assert.Contains(b.Log, l => l.Contains($"Restoring deleted static rule {rule}", StringComparison.Ordinal));
        Assert.Equal(2, b.Engine!.GetStatus().RouteDeletions); // the no_track one is not counted
        sim.RunFor(S(3));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        Assert.Equal(1, Entered(a, "MASTER"));
    }

    [Fact]
    public void A_route_deleted_under_one_member_of_a_sync_group_sends_the_whole_group_through_backup()
    {
        const string second = """
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                priority 150
                advert_int 1
                virtual_ipaddress {
                    198.51.100.2/24
                }
                virtual_routes {
                    198.51.100.64/26 dev eth0 table 102
                }
            }
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            """;
        var sim = Start(3, ("a", RouteScenarioTests.Parse(150, second: second)));
        sim.RunFor(S(10));
        var a = sim.Host("a");
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Master);
        var zeros = a.Engine!.GetInstanceStatus("VI_2")!.Counters.PriorityZeroSent;
        sim.DeleteRoute(a, a.Routes.Keys.First(r => r.Table == 100 && !r.NoTrack));
        Assert.Equal(VrrpState.Backup, a.StateOf("VI_1"));
        Assert.Equal(VrrpState.Backup, a.StateOf("VI_2"));
        Assert.Equal(zeros + 1, a.Engine.GetInstanceStatus("VI_2")!.Counters.PriorityZeroSent);
        Assert.DoesNotContain(a.Routes, r => r.Value == "VI_2");
        sim.RunFor(S(3));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Master);
        Assert.Contains(a.Routes, r => r.Value == "VI_2");
    }

    [Fact]
    public void An_ipv6_route_written_without_a_metric_is_recognised_by_the_kernels_default_metric()
    {
        // keepalived 2.2.7 and 2.4.3 miss this one (they compare 0 with the kernel's 1024); the man page promises
        // every tracked route is watched, and Vigil keeps that promise.
        var (sim, a, _) = Pair();
        var route = a.Routes.Keys.Single(r => r.Family == IpFamily.IPv6);
        Assert.Null(route.Metric);
        sim.DeleteRoute(a, route);
        Assert.Equal(VrrpState.Backup, a.StateOf("VI_1"));
        sim.RunFor(S(3));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Contains(route, a.Routes.Keys);
    }

    [Fact]
    public void A_deletion_that_is_not_ours_changes_nothing()
    {
        var (sim, a, _) = Pair();
        var route = a.Routes.Keys.First(r => r.Family == IpFamily.IPv4 && !r.NoTrack);
        // Same destination in another table, another metric, another device: someone else's route.
        foreach (var other in new[]
                 {
                     route with { Table = 101 },
                     route with { Metric = 7 },
                     route with { Dev = "eth9" }
                 })
        {
            a.Engine!.OnRouteDeleted(Simulation.KernelView(other), sim.Now);
            a.Drain(sim.Now);
        }

        var rule = a.Rules.Keys.First(r => r.Preference == 100);
        a.Engine!.OnRuleDeleted(Simulation.KernelView(rule with { Preference = 99 }), sim.Now);
        a.Engine.OnRuleDeleted(Simulation.KernelView(rule with { Table = 101 }), sim.Now);
        a.Drain(sim.Now);
        sim.RunFor(S(2));
        Assert.Equal(1, Entered(a, "MASTER"));
        Assert.Equal(0, a.Engine.TrackedRouteDeletions);
    }
}
