namespace Vigil.Config.Tests;

/// <summary>`use_vmac [NAME] [MAC]` as keepalived 2.2.7's `keepalived -t` reads it (each case observed, exit codes
/// included).</summary>
public sealed class VmacConfigTests
{
    private const string Secure = "global_defs {\n enable_script_security\n script_user root\n}\n";

    private static ConfigResult Load(string useVmac) =>
        Conf.Load(
            Secure +
            $"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 51\n priority 100\n {useVmac}\n " +
            $"virtual_ipaddress {{\n  192.0.2.100/24\n }}\n}}\n");

    [Theory]
    [InlineData("use_vmac vm51 02:00:00:00:00:01", "vm51", "02:00:00:00:00:01")]
    [InlineData("use_vmac 02:00:00:00:00:01 vm51", "vm51", "02:00:00:00:00:01")]
    [InlineData("use_vmac 02:00:00:00:00", "vrrp.51", "02:00:00:00:00")]
    [InlineData("use_vmac vm51", "vm51", null)]
    public void A_name_and_a_mac_in_either_order_exit_0(string line, string name, string? mac)
    {
        var r = Load(line);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal((name, mac), (r.Model!.Instances[0].VmacName, r.Model.Instances[0].VmacMac));
    }

    [Theory]
    [InlineData("use_vmac vm51 00:00:5e:00:01:99", "vmac-rfc-mac")]
    [InlineData("use_vmac vm51 00:00:5e:00:02", "vmac-rfc-mac")]
    [InlineData("use_vmac vm51 junk", "vmac-name-twice")]
    public void An_rfc5798_mac_or_a_second_name_is_ignored_with_exit_5(string line, string code)
    {
        var r = Load(line);
        Assert.True(r.Has(code), string.Join("\n", r.Diagnostics));
        Assert.Equal(5, r.ExitCode);
        Assert.Equal(("vm51", null), (r.Model!.Instances[0].VmacName, r.Model.Instances[0].VmacMac));
    }
}
