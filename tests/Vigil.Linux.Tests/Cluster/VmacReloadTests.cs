using System.Text.Json;
using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>use_vmac across reloads, seen by the kernel and by <c>vigil status --json</c>: an unchanged VMAC is left
/// alone (same ifindex, VIP kept), one the new configuration drops is deleted, one whose VRID (so MAC) changes is
/// recreated; a VMAC deleted by someone else is recreated with the MASTER's VIP.</summary>
public sealed class VmacReloadTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    private static string Conf(bool withSecond, int secondVrid = 52) =>
        Configs.Global()
        + Configs.Instance(priority: 150, advert: "1", extra: "use_vmac", vips: "198.51.100.1/24")
        + (withSecond
            ? Configs.Instance(
                name: "VI_2", vrid: secondVrid, priority: 150, advert: "1", extra: "use_vmac vm2",
                vips: "198.51.100.2/24")
            : "");

    private static int IfIndex(TestLab lab, string dev) =>
        int.Parse(
            lab.Ip(1, "-o", "link", "show", "dev", dev).Split(':')[0],
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits (generously) until <paramref name="address"/> is on <paramref name="dev"/> of host 1.</summary>
    private static bool AddressOn(TestLab lab, string dev, string address)
    {
        var end = DateTime.UtcNow + Long;
        while (!Shell.Run("ip", "-n", lab.Host(1), "-o", "addr", "show", "dev", dev).Out.Contains(
            address,
            StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(50);
        }
        return true;
    }

    private static void Reload(TestLab lab, Node vigil, string conf)
    {
        File.WriteAllText(vigil.ConfigFile, conf);
        var (code, output, err) = Shell.Run(
            "dotnet",
            Node.VigilDll,
            "reload",
            "--control",
            Path.Combine(lab.WorkDir, "h1", "control.sock"));
        Assert.True(code == 0, output + err + vigil.Log);
    }

    private static JsonElement StatusVmac(TestLab lab, string instance)
    {
        var (code, output, err) = Shell.Run(
            "dotnet",
            Node.VigilDll,
            "status",
            "--json",
            "--control",
            Path.Combine(lab.WorkDir, "h1", "control.sock"));
        Assert.True(code == 0, output + err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("instances").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == instance).GetProperty("vmac").Clone();
    }

    [Fact]
    public void Reloads_keep_unchanged_vmacs_delete_dropped_ones_and_recreate_changed_ones()
    {
        Root.Require();
        using var lab = new TestLab(1);
        var vigil = Node.StartVigil(lab, 1, Conf(true));
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        vigil.WaitFor(@"\(VI_2\) Entering MASTER STATE", Long);
        var first = IfIndex(lab, "vrrp.51");
        var vm2 = IfIndex(lab, "vm2");

        var status = StatusVmac(lab, "VI_1");
        Assert.Equal("vrrp.51", status.GetProperty("name").GetString());
        Assert.Equal(first, status.GetProperty("ifindex").GetInt32());
        Assert.Equal("00:00:5e:00:01:33", status.GetProperty("mac").GetString());
        Assert.Equal("eth0", status.GetProperty("base_interface").GetString());
        Assert.Equal("vrrp.51", status.GetProperty("advert_interface").GetString());
        Assert.Equal(0, status.GetProperty("errors").GetInt64());

        // VI_2's VRID changes: its VMAC (MAC ...:34 -> ...:35) is recreated; VI_1's is not touched.
        Reload(lab, vigil, Conf(true, secondVrid: 53));
        Assert.Equal(first, IfIndex(lab, "vrrp.51"));
        Assert.Contains(
            "link/ether 00:00:5e:00:01:35",
            lab.Ip(1, "link", "show", "dev", "vm2"),
            StringComparison.Ordinal);
        Assert.NotEqual(vm2, IfIndex(lab, "vm2"));
        Assert.Contains("198.51.100.1/24", lab.Addresses(1, "vrrp.51"));

        // VI_2 goes: its VMAC goes with it; VI_1 keeps serving on the same VMAC.
        Reload(lab, vigil, Conf(false));
        Assert.Equal(1, Shell.Run("ip", "-n", lab.Host(1), "link", "show", "dev", "vm2").Code);
        Assert.Equal(first, IfIndex(lab, "vrrp.51"));
        Assert.Contains("198.51.100.1/24", lab.Addresses(1, "vrrp.51"));
        Assert.False(vigil.Has(@"\(VI_1\) Entering (BACKUP|FAULT) STATE$"), vigil.Log); // never left MASTER

        vigil.Signal("TERM");
        Assert.True(vigil.WaitExit(Long), vigil.Log);
        Assert.Empty(lab.Ip(1, "-o", "link", "show", "type", "macvlan").Trim());
    }

    [Fact]
    public void A_vmac_deleted_behind_vigils_back_is_recreated_with_its_vip()
    {
        Root.Require();
        using var lab = new TestLab(1);
        var vigil = Node.StartVigil(lab, 1, Conf(false));
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var first = IfIndex(lab, "vrrp.51");

        int mark = vigil.LineCount;
        lab.Ip(1, "link", "del", "vrrp.51");
        vigil.WaitFor(@"Success creating VMAC interface vrrp\.51", Long, mark);
        Assert.True(AddressOn(lab, "vrrp.51", "198.51.100.1/24"), vigil.Log);
        Assert.NotEqual(first, IfIndex(lab, "vrrp.51"));
        Assert.Contains("state UP", lab.Ip(1, "link", "show", "dev", "vrrp.51"), StringComparison.Ordinal);
        Assert.Equal(IfIndex(lab, "vrrp.51"), StatusVmac(lab, "VI_1").GetProperty("ifindex").GetInt32());
    }

    [Fact]
    public void A_base_interface_that_appears_after_start_gets_its_vmac()
    {
        Root.Require();
        using var lab = new TestLab(1);
        var conf = Configs.Global("dynamic_interfaces")
            + Configs.Instance(priority: 150, advert: "1", extra: "use_vmac", vips: "198.51.100.1/24").Replace(
                "interface eth0",
                "interface eth1",
                StringComparison.Ordinal);
        var vigil = Node.StartVigil(lab, 1, conf);
        vigil.WaitFor(@"interface eth1 does not exist: VMAC vrrp\.51 will be created when it appears", Long);
        Assert.Equal(1, Shell.Run("ip", "-n", lab.Host(1), "link", "show", "dev", "vrrp.51").Code);

        lab.Ip(1, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
        lab.Ip(1, "addr", "add", "192.0.2.50/24", "dev", "eth1");
        lab.Ip(1, "link", "set", "eth1p", "up");
        lab.Ip(1, "link", "set", "eth1", "up");
        vigil.WaitFor(@"Success creating VMAC interface vrrp\.51 .* on eth1", Long);
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.Contains("vrrp.51@eth1", lab.Ip(1, "link", "show", "dev", "vrrp.51"), StringComparison.Ordinal);
        Assert.True(AddressOn(lab, "vrrp.51", "198.51.100.1/24"), vigil.Log);
    }
}
