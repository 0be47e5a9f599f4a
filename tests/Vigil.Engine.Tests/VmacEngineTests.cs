using System.Net;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Engine.Tests;

/// <summary>use_vmac in the engine: which VMACs a configuration needs, and that adverts, VIPs and announcements name
/// the VMAC interface (or the base one with vmac_xmit_base), as keepalived 2.2.7 does (observed).</summary>
public sealed class VmacEngineTests
{
    private static VigilConfig Parse(string instances)
    {
        var text = "global_defs {\n router_id t\n}\n" + instances;
        var result = ConfigLoader.Load("/k.conf", new InMemoryConfigSource().Add("/k.conf", text), new ConfigOptions());
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }

    private static string Inst(
        string name,
        int vrid,
        string extra,
        string vip = "192.0.2.100/24",
        int priority = 100) =>
        $"vrrp_instance {name} {{\n interface eth0\n virtual_router_id {vrid}\n priority {priority}\n advert_int 1\n " +
        $"{extra}\n virtual_ipaddress {{\n  {vip}\n }}\n}}\n";

    [Fact]
    public void Each_use_vmac_instance_needs_a_private_macvlan_with_the_virtual_router_mac_of_its_family()
    {
        var config = Parse(Inst("A", 51, "use_vmac") + Inst("B", 7, "use_vmac vm7\n vmac_xmit_base", "2001:db8::7/64")
            + Inst("C", 9, "", "192.0.2.9/24"));

        var needs = VrrpEngine.VmacsNeeded(config);

        Assert.Equal(
            [
                new VmacNeed("vrrp.51", "eth0", IpFamily.IPv4, 51, "00:00:5e:00:01:33", false, "A"),
                new VmacNeed("vm7", "eth0", IpFamily.IPv6, 7, "00:00:5e:00:02:07", true, "B"),
            ],
            needs);
        Assert.Equal(new byte[] { 0, 0, 0x5e, 0, 2, 7 }, needs[1].MacBytes());
    }

    [Fact]
    public void Sockets_are_on_the_vmac_unless_vmac_xmit_base()
    {
        var config = Parse(Inst("A", 51, "use_vmac") + Inst("B", 52, "use_vmac\n vmac_xmit_base", "192.0.2.101/24"));

        Assert.Equal(
            [("vrrp.51", IpFamily.IPv4), ("eth0", IpFamily.IPv4)],
            VrrpEngine.SocketsNeeded(config).Select(n => (n.Interface, n.Family)));
    }

    [Theory]
    [InlineData("use_vmac", "vrrp.51", "vrrp.51")]
    [InlineData("use_vmac\n vmac_xmit_base", "eth0", "vrrp.51")]
    [InlineData("", "eth0", "eth0")]
    public void A_master_sends_adverts_on_the_advert_interface_and_puts_vips_and_garps_on_the_vmac(
        string extra,
        string advertOn,
        string vipOn)
    {
        var engine = new VrrpEngine();
        var now = MonotonicTime.FromMilliseconds(1000);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        engine.Load(Parse(Inst("A", 51, extra)), now);
        var effects = new List<EngineEffect>();
        now = MonotonicTime.FromMilliseconds(6000); // past Master_Down_Interval: MASTER
        engine.OnTimer(now);
        engine.DrainEffects(effects);

        Assert.Equal(VrrpState.Master, engine.GetInstanceStatus("A")!.State);
        var advert = effects.OfType<SendAdvert>().First();
        Assert.Equal(advertOn, advert.Interface);
        // The source is the base interface's address, as keepalived sends it from a VMAC.
        Assert.Equal(IPAddress.Parse("192.0.2.10"), advert.Source);
        Assert.Equal(vipOn, effects.OfType<AddAddress>().Single().Address.Interface);
        Assert.All(effects.OfType<Announce>(), a => Assert.Equal(vipOn, a.Interface));
        Assert.NotEmpty(effects.OfType<Announce>());
    }

    [Fact]
    public void An_advert_received_on_the_vmac_reaches_its_instance()
    {
        var engine = new VrrpEngine();
        var now = MonotonicTime.FromMilliseconds(1000);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        engine.Load(Parse(Inst("A", 51, "use_vmac", priority: 100)), now);
        var advert = EngineHarness.Advert(51, 200, source: "192.0.2.20", vips: "192.0.2.100");
        byte[] source = [192, 0, 2, 20];

        // On the base interface nothing listens for VRID 51 any more; on the VMAC the instance hears its master.
        engine.OnAdvertReceived("eth0", IpFamily.IPv4, source, EngineHarness.Group, 255, advert, now);
        Assert.Null(engine.GetInstanceStatus("A")!.MasterAddress);
        engine.OnAdvertReceived("vrrp.51", IpFamily.IPv4, source, EngineHarness.Group, 255, advert, now);
        Assert.Equal(IPAddress.Parse("192.0.2.20"), engine.GetInstanceStatus("A")!.MasterAddress);
    }

    [Fact]
    public void A_mac_given_to_use_vmac_replaces_the_virtual_router_mac_and_five_octets_take_the_vrid()
    {
        var config = Parse(
            Inst("A", 51, "use_vmac vm51 02:00:00:00:00")
            + Inst("B", 52, "use_vmac 02:00:00:00:00:07", "192.0.2.101/24"));

        Assert.Equal(["02:00:00:00:00:33", "02:00:00:00:00:07"], VrrpEngine.VmacsNeeded(config).Select(n => n.Mac));
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0x33 }, VrrpEngine.VmacsNeeded(config)[0].MacBytes());
    }
}
