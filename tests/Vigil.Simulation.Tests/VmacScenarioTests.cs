using System.Net;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>use_vmac in a simulated cluster: adverts on the VMAC reach the peers' VMAC instances, VIPs live on the
/// VMAC, and elections and failovers run as without it (with and without vmac_xmit_base, mixed on one
/// segment).</summary>
public sealed class VmacScenarioTests
{
    private const string Text = """
        global_defs {
            router_id lab
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            priority 150
        @b  priority 100
            advert_int 1
            use_vmac
            virtual_ipaddress {
                198.51.100.1/24
            }
        }
        vrrp_instance VI_2 {
            interface eth0
            virtual_router_id 52
            priority 100
        @b  priority 150
            advert_int 1
            use_vmac vm52
        @b  vmac_xmit_base
            virtual_ipaddress {
                198.51.100.2/24
            }
        }
        """;

    private static VigilConfig Parse(string id) => ConfigText.Parse(Text, id);

    [Fact]
    public void Vmac_instances_elect_hold_their_vips_on_the_vmac_and_fail_over_both_ways()
    {
        var sim = new Simulation(52);
        sim.AddHost("a", Parse("a"));
        sim.AddHost("b", Parse("b"));
        sim.Start();
        sim.RunFor(S(10));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Backup);
        ScenarioAssert.State(sim, "b", "VI_2", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Backup);
        Assert.Equal("VI_1", sim.Host("a").Addresses[("vrrp.51", IPAddress.Parse("198.51.100.1"))]);
        Assert.Equal("VI_2", sim.Host("b").Addresses[("vm52", IPAddress.Parse("198.51.100.2"))]);

        sim.KillDaemon(sim.Host("a"));
        sim.RunFor(S(5));
        ScenarioAssert.State(sim, "b", "VI_1", VrrpState.Master);
        Assert.True(sim.Host("b").Addresses.ContainsKey(("vrrp.51", IPAddress.Parse("198.51.100.1"))));

        sim.Restart(sim.Host("a"));
        sim.Stop(sim.Host("b"));
        sim.RunFor(S(6));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "a", "VI_1", VrrpState.Master);
        ScenarioAssert.State(sim, "a", "VI_2", VrrpState.Master);
    }
}
