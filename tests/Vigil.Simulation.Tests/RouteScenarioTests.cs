using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>virtual_routes / virtual_rules exist only on the MASTER and go on every way out of MASTER; static_*
/// exist on every running host; a reload touches only what changed; a kill -9's leftovers go at the next
/// start.</summary>
public sealed class RouteScenarioTests
{
    private const string Routes = """
            virtual_routes {
                198.51.100.0/25 via 192.0.2.254 dev eth0 table 100 metric 5
                2001:db8:100::/64 via 2001:db8::254 dev eth0 table 100
                blackhole 198.51.100.128/25 table 100 no_track
            }
            virtual_rules {
                from 198.51.100.0/24 table 100 preference 100
                to 2001:db8:200::/48 table 100 priority 101
                fwmark 0x5/0xff table 100 preference 102 no_track
            }
        """;

    private const string Statics = """
        static_ipaddress {
            192.0.2.200/32 dev eth0
        }
        static_routes {
            198.51.100.0/26 via 192.0.2.1 dev eth0 table 200
        }
        static_rules {
            from 192.0.2.128/25 table 200 preference 300
        }
        """;

    internal static VigilConfig Parse(int priority, string routes = Routes, string statics = "", string second = "")
    {
        var text = $$"""
            {{statics}}
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority {{priority}}
                advert_int 1
                virtual_ipaddress {
                    198.51.100.1/24
                }
            {{routes}}
            }
            {{second}}
            """;
        return ConfigText.Parse(text);
    }

    private static (Simulation Sim, SimHost A, SimHost B) Pair(string statics = "")
    {
        var sim = Start(7, ("a", Parse(150, statics: statics)), ("b", Parse(100, statics: statics)));
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        return (sim, sim.Host("a"), sim.Host("b"));
    }

    private static void HoldsAll(SimHost host)
    {
        Assert.Equal(3, host.Routes.Count(r => r.Value == "VI_1"));
        Assert.Equal(3, host.Rules.Count(r => r.Value == "VI_1"));
    }

    private static void HoldsNone(SimHost host)
    {
        Assert.DoesNotContain(host.Routes, r => r.Value == "VI_1");
        Assert.DoesNotContain(host.Rules, r => r.Value == "VI_1");
    }

    [Fact]
    public void Only_the_master_holds_the_routes_and_rules_and_they_follow_it_both_ways()
    {
        var (sim, a, b) = Pair();
        HoldsAll(a);
        HoldsNone(b);
        Assert.True(a.Engine!.GetInstanceStatus("VI_1")!.RoutesInstalled);
        Assert.Contains(a.Routes.Keys, r => r.Family == IpFamily.IPv6 && r.Table == 100);
        Assert.Contains(a.Rules.Keys, r => r.Fwmark == 5 && r.FwmarkMask == 0xff);

        // B takes over when A's link fails (A goes FAULT), and gives them back when it returns (A preempts).
        sim.SetLink(a, "eth0", false);
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Fault);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        HoldsNone(a);
        HoldsAll(b);

        sim.SetLink(a, "eth0", true);
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        HoldsAll(a);
        HoldsNone(b);
        ScenarioAssert.Clean(sim);
    }

    [Fact]
    public void Rules_go_before_routes_and_routes_before_the_vips_and_come_back_the_other_way()
    {
        var (sim, a, _) = Pair();
        var installed = a.RouteLog.ToList();
        // Entering MASTER: routes, then rules.
        Assert.True(installed.FindLastIndex(l => l.StartsWith("+route", StringComparison.Ordinal))
            < installed.FindIndex(l => l.StartsWith("+rule", StringComparison.Ordinal)));
        a.RouteLog.Clear();
        sim.Stop(a);
        Assert.True(a.RouteLog.FindLastIndex(l => l.StartsWith("-rule", StringComparison.Ordinal))
            < a.RouteLog.FindIndex(l => l.StartsWith("-route", StringComparison.Ordinal)));
        HoldsNone(a);
    }

    [Fact]
    public void A_stopped_master_removes_them_and_the_backup_installs_them()
    {
        var (sim, a, b) = Pair();
        sim.Stop(a);
        HoldsNone(a);
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        HoldsAll(b);
    }

    [Fact]
    public void A_master_that_loses_the_election_removes_them()
    {
        var (sim, a, b) = Pair();
        // B is reloaded with a higher priority and preempts: A leaves MASTER for BACKUP.
        sim.Reload(b, Parse(200));
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        HoldsNone(a);
        HoldsAll(b);
    }

    [Fact]
    public void A_reload_leaves_unchanged_routes_untouched_and_moves_only_what_changed()
    {
        var (sim, a, _) = Pair();
        a.RouteLog.Clear();
        sim.Reload(a, Parse(150));
        Assert.Empty(a.RouteLog);
        HoldsAll(a);

        var changed = Routes.Replace("metric 5", "metric 6", StringComparison.Ordinal)
            .Replace("preference 100", "preference 110", StringComparison.Ordinal);
        sim.Reload(a, Parse(150, changed));
        Assert.Equal(
            [
                "-rule from 198.51.100.0/24 table 100 preference 100",
                "-route 198.51.100.0/25 via 192.0.2.254 dev eth0 table 100 metric 5",
                "+route 198.51.100.0/25 via 192.0.2.254 dev eth0 table 100 metric 6",
                "+rule from 198.51.100.0/24 table 100 preference 110",
            ],
            a.RouteLog);
        HoldsAll(a);
    }

    [Fact]
    public void An_instance_removed_by_a_reload_takes_its_routes_with_it()
    {
        var second = """
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
            """;
        var sim = Start(3, ("a", Parse(150, second: second)));
        sim.RunFor(S(10));
        var a = sim.Host("a");
        Assert.Contains(a.Routes, r => r.Value == "VI_2");
        sim.Reload(a, Parse(150));
        Assert.DoesNotContain(a.Routes, r => r.Value == "VI_2");
        HoldsAll(a);
    }

    [Fact]
    public void Statics_are_on_every_running_host_whatever_its_state_and_go_at_stop()
    {
        var (sim, a, b) = Pair(Statics);
        foreach (var host in new[] { a, b })
        {
            Assert.Single(host.Routes, r => r.Value is null && r.Key.Table == 200);
            Assert.Single(host.Rules, r => r.Value is null && r.Key.Preference == 300);
            Assert.Contains(host.Addresses, x => x.Value == "static" && x.Key.Address.ToString() == "192.0.2.200");
        }

        sim.Stop(b);
        Assert.Empty(b.Routes);
        Assert.Empty(b.Rules);
        Assert.DoesNotContain(b.Addresses, x => x.Value == "static");
        Assert.Single(a.Routes, r => r.Value is null);
    }

    [Fact]
    public void Leftovers_of_a_kill_9_are_removed_at_the_next_start()
    {
        var (sim, a, b) = Pair();
        sim.KillDaemon(a);
        HoldsAll(a); // the kernel keeps them
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);

        // A comes back with a lower priority, so it stays BACKUP: nothing of the old run may remain.
        sim.Reload(a, Parse(50));
        sim.Restart(a);
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Backup);
        HoldsNone(a);
        HoldsAll(b);
    }

    [Fact]
    public void A_refused_change_is_counted_and_logged()
    {
        var sim = new Simulation(5);
        var a = sim.AddHost("a", Parse(150));
        a.RefusedRoutes.Add("+route 2001:db8:100::/64 via 2001:db8::254 dev eth0 table 100");
        sim.Start();
        sim.RunFor(S(10));
        Assert.Equal(1, a.Engine!.GetStatus().RouteFailures);
        Assert.Equal(1, a.Engine.GetInstanceStatus("VI_1")!.Counters.RouteFailures);
        Assert.Contains(
            a.Log,
            l => l.Contains("(VI_1) failed to add route 2001:db8:100::/64", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", VrrpState.Fault)]
    [InlineData(" no_track", VrrpState.Master)]
    public void A_tracked_route_whose_interface_goes_down_faults_the_instance_and_no_track_does_not(
        string flag,
        VrrpState expected)
    {
        var sim = new Simulation(11);
        var a = sim.AddHost("a", Parse(150, $"virtual_routes {{\n198.51.100.0/25 dev eth1 table 100{flag}\n}}"),
            ("eth0", "lan"), ("eth1", "back"));
        sim.Start();
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        Assert.Single(a.Routes);
        sim.SetLink(a, "eth1", false);
        sim.RunFor(S(1));
        ScenarioAssert.State(sim, "a", "VI_1", expected);
        Assert.Equal(expected == VrrpState.Master, a.Routes.Count == 1);
    }
}
