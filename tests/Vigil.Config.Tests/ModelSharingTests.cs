using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>The instance record keeps its rarely used settings in a record shared by the instances that set none of
/// them: `with`, equality (which a reload relies on to tell a changed instance) and the values read back must behave
/// as if every setting were a plain property.</summary>
public sealed class ModelSharingTests
{
    private const string Two = """
        vrrp_instance A {
            interface eth0
            virtual_router_id 1
            virtual_ipaddress {
                192.0.2.10/24
            }
        }
        vrrp_instance B {
            interface eth0
            virtual_router_id 2
            use_vmac vm2
            virtual_ipaddress {
                192.0.2.20/24
                192.0.2.21/24 brd 192.0.2.255 label eth0:1 no_track
            }
            virtual_routes {
                198.51.100.0/24 dev eth0
            }
            notify_stop /bin/true
        }
        """;

    [Fact]
    public void A_rare_setting_changed_by_with_leaves_the_original_as_it_was()
    {
        var a = Conf.Model(Two).Instances[0];
        var changed = a with { UseVmac = "vm9", UnicastTtl = 7 };
        Assert.Null(a.UseVmac);
        Assert.Null(a.UnicastTtl);
        Assert.Equal(("vm9", 7), (changed.UseVmac, changed.UnicastTtl));
        Assert.NotEqual(a, changed);
        Assert.Equal(a, changed with { UseVmac = null, UnicastTtl = null });
    }

    [Fact]
    public void Rare_settings_read_back_as_written_and_two_loads_are_equal()
    {
        var first = Conf.Model(Two).Instances;
        var second = Conf.Model(Two).Instances;
        var b = first[1];
        Assert.Equal("vm2", b.VmacName);
        Assert.Single(b.Routes);
        Assert.NotNull(b.NotifyStop);
        Assert.Empty(first[0].Routes);
        Assert.Null(first[0].NotifyStop);
        // Lists compare by reference, as they always have: leave out the one list instance A has.
        var a1 = first[0] with { VirtualIpAddresses = [] };
        var a2 = second[0] with { VirtualIpAddresses = [] };
        Assert.Equal(a1, a2);
        Assert.Equal(a1.GetHashCode(), a2.GetHashCode());
        Assert.NotEqual(first[1], first[1] with { VmacXmitBase = true });
    }

    [Fact]
    public void Instances_on_one_interface_share_its_name()
    {
        var instances = Conf.Model(Two).Instances;
        Assert.Same(instances[0].Interface, instances[1].Interface);
    }

    [Fact]
    public void An_address_reads_its_rare_options_back_and_with_leaves_the_original_alone()
    {
        var vips = Conf.Model(Two).Instances[1].VirtualIpAddresses;
        Assert.Equal((null, null, false), (vips[0].Label, vips[0].Broadcast?.ToString(), vips[0].NoTrack));
        Assert.Equal(("eth0:1", "192.0.2.255", true), (vips[1].Label, vips[1].Broadcast?.ToString(), vips[1].NoTrack));
        var labelled = vips[0] with { Label = "eth0:9" };
        Assert.Null(vips[0].Label);
        Assert.Equal("eth0:9", labelled.Label);
        Assert.NotEqual(vips[0], labelled);
        Assert.Equal(vips[0], labelled with { Label = null });
    }
}
