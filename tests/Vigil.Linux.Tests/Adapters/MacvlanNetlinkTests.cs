using System.Net;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>The rtnetlink link requests behind use_vmac: create a private macvlan with a given MAC, read its kind,
/// base and mode back, bring it up, add a deprecated link-local address, delete it (twice: the second is a
/// no-op).</summary>
public sealed class MacvlanNetlinkTests
{
    [Fact]
    public void Creates_lists_brings_up_and_deletes_a_private_macvlan()
    {
        using var lab = new TestLab(1);
        using var nl = lab.Own(NetNs.Run(lab.Host(1), () => new RtNetlink()));
        var eth0 = nl.FindLink("eth0")!;
        byte[] mac = [0x00, 0x00, 0x5e, 0x00, 0x02, 0x07];

        Assert.True(nl.CreateMacvlan("vm7", eth0.Index, mac).Ok);
        Assert.Equal(17, nl.CreateMacvlan("vm7", eth0.Index, mac).Errno); // EEXIST: never silently replaced
        var vm = nl.FindLink("vm7")!;
        Assert.Equal(("macvlan", eth0.Index, 1u), (vm.Kind, vm.ParentIndex, vm.MacvlanMode));
        Assert.Equal(mac, vm.Mac!.GetAddressBytes());
        Assert.Equal(0u, vm.Flags & LinkInfo.IffUp);
        Assert.NotEqual("macvlan", eth0.Kind); // a veth
        Assert.Contains(
            "macvlan mode private",
            lab.Ip(1, "-d", "link", "show", "dev", "vm7"),
            StringComparison.Ordinal);

        Assert.True(nl.SetLinkUp(vm.Index, true).Ok);
        Assert.NotEqual(0u, nl.FindLink("vm7")!.Flags & LinkInfo.IffUp);

        var linkLocal = new AddressInfo(vm.Index, IPAddress.Parse("fe80::1:2"), 64, Scope: 253) { Deprecated = true };
        Assert.True(nl.AddAddress(linkLocal).Ok);
        var shown = lab.Ip(1, "-6", "addr", "show", "dev", "vm7");
        Assert.Contains("fe80::1:2/64 scope link nodad deprecated", shown, StringComparison.Ordinal);

        Assert.True(nl.DeleteLink(vm.Index).Ok);
        Assert.Null(nl.FindLink("vm7"));
        Assert.True(nl.DeleteLink(vm.Index).AlreadyDone);
    }
}
