using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>The engine says which sockets and groups a configuration needs; the driver derives nothing.</summary>
public sealed class SocketsNeededTests
{
    [Fact]
    public void One_socket_per_interface_and_family_joined_to_each_group_its_instances_use()
    {
        var config = Cluster(
            Instance("a", 1, 100, "192.0.2.100"),
            Instance("b", 2, 100, "192.0.2.101") with { McastDstIp = IPAddress.Parse("224.0.0.100") },
            Instance("c", 3, 100, "192.0.2.102"),
            Instance("d", 4, 100, "2001:db8::1") with { McastDstIp = IPAddress.Parse("224.0.0.18") },
            Instance("e", 5, 100, "192.0.2.103") with { Interface = "eth1" });

        var needs = VrrpEngine.SocketsNeeded(config);

        Assert.Equal(
            [
                ("eth0", IpFamily.IPv4, false, "224.0.0.18,224.0.0.100"),
                ("eth0", IpFamily.IPv6, false, "ff02::12"),
                ("eth1", IpFamily.IPv4, false, "224.0.0.18"),
            ],
            needs.Select(n => (n.Interface, n.Family, n.Ah, string.Join(',', n.Groups))));
    }

    [Fact]
    public void A_VRRPv2_AH_instance_adds_a_protocol_51_socket_on_its_interface()
    {
        var config = Cluster(
            Instance("a", 1, 100, "192.0.2.100") with { AuthType = AuthType.Ah, AuthPass = "secret" },
            Instance("b", 2, 100, "192.0.2.101") with { Version = 3 });

        var needs = VrrpEngine.SocketsNeeded(config);

        Assert.Equal(
            [("eth0", IpFamily.IPv4, false), ("eth0", IpFamily.IPv4, true)],
            needs.Select(n => (n.Interface, n.Family, n.Ah)));
        Assert.Equal([IPAddress.Parse("224.0.0.18")], needs[1].Groups);
    }

    [Fact]
    public void The_group_an_advert_goes_to_is_the_group_the_socket_joins()
    {
        var config = Cluster(Instance("a", 1, 255, "192.0.2.100") with { McastDstIp = IPAddress.Parse("224.0.0.100") });
        var engine = new VrrpEngine();
        var now = MonotonicTime.FromMilliseconds(1000);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        engine.Load(config, now);
        for (var i = 0; i < 10 && !engine.NextDeadline.IsNever; i++)
        {
            engine.OnTimer(engine.NextDeadline);
        }

        var sent = engine.PendingEffects.OfType<Effects.SendAdvert>().First();

        Assert.Equal(VrrpEngine.SocketsNeeded(config)[0].Groups, sent.Destinations);
    }
}
