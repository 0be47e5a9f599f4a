using System.Net;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using static Vigil.Simulation.Tests.Cluster;

namespace Vigil.Simulation.Tests;

/// <summary>keepalived.conf text, through the real configuration front end, into a simulated cluster.</summary>
public sealed class ConfigTextScenarioTests
{
    private const string Text = """
        global_defs {
            router_id lab
        }
        vrrp_script chk_app {
            script "/usr/local/bin/chk_app"
            interval 1
            weight -60
        }
        vrrp_instance VI_WEB {
            interface eth0
            virtual_router_id 51
            priority 150
        @b  priority 100
            advert_int 1
            virtual_ipaddress {
                198.51.100.1/24
            }
            track_script {
                chk_app
            }
        }
        vrrp_instance VI_API {
            interface eth0
            virtual_router_id 52
            priority 100
        @b  priority 150
            unicast_src_ip 192.0.2.10
        @b  unicast_src_ip 192.0.2.11
            unicast_peer {
        @a      192.0.2.11
        @b      192.0.2.10
            }
            virtual_ipaddress {
                198.51.100.2/24
            }
        }
        """;

    private static VigilConfig Parse(string id) => ConfigText.Parse(Text, id);

    [Fact]
    public void Parsed_configuration_elects_per_instance_and_a_failing_check_moves_only_its_instance()
    {
        var sim = new Simulation(31);
        sim.AddHost("a", Parse("a"));
        sim.AddHost("b", Parse("b"));
        sim.Host("a").Scripts["chk_app"] = ScriptBehaviour.Succeeding().At(S(10.5), 1);
        sim.Start();
        sim.RunFor(S(10));
        ScenarioAssert.State(sim, "a", "VI_WEB", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_API", VrrpState.Master);

        sim.RunFor(S(10));
        ScenarioAssert.Clean(sim);
        ScenarioAssert.State(sim, "b", "VI_WEB", VrrpState.Master);
        ScenarioAssert.State(sim, "b", "VI_API", VrrpState.Master);
        Assert.True(sim.Host("b").HoldsAddress(IPAddress.Parse("198.51.100.1")));
        Assert.Equal(90, sim.Host("a").Engine!.GetInstanceStatus("VI_WEB")!.EffectivePriority);
    }
}
