namespace Vigil.Linux.Tests.Harness;

/// <summary>keepalived.conf text for the namespace tests (each host's eth0 is 192.0.2.10+N).</summary>
public static class Configs
{
    public static string Instance(string name = "VI_1", int vrid = 51, int priority = 100, int version = 3,
        string advert = "0.1", string vips = "198.51.100.1/24", string extra = "", string state = "BACKUP",
        string family = "") =>
        $$"""
        vrrp_instance {{name}} {
            state {{state}}
            interface eth0
            virtual_router_id {{vrid}}
            priority {{priority}}
            advert_int {{advert}}
            version {{version}}
            {{family}}
            virtual_ipaddress {
                {{vips}}
            }
            {{extra}}
        }

        """;

    public static string Global(string extra = "") =>
        $$"""
        global_defs {
            router_id {{Guid.NewGuid():N}}
            vrrp_garp_master_delay 1
            {{extra}}
        }

        """;
}
