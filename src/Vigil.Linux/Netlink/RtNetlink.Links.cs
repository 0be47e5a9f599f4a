namespace Vigil.Linux.Netlink;

public sealed partial class RtNetlink
{
    /// <summary>Creates a macvlan (VMAC) link, administratively down; one of that name already there is
    /// EEXIST.</summary>
    public NetlinkResult CreateMacvlan(string name, int baseIndex, byte[] mac) =>
        new(Request(NetlinkMessages.NewMacvlan(NextSeq(), name, baseIndex, mac, NetlinkMessages.MacvlanModePrivate)));

    /// <summary>Sets a link administratively up or down.</summary>
    public NetlinkResult SetLinkUp(int index, bool up) => new(Request(NetlinkMessages.SetLinkUp(NextSeq(), index, up)));

    /// <summary>Deletes a link; one already gone counts as success.</summary>
    public NetlinkResult DeleteLink(int index)
    {
        int errno = Request(NetlinkMessages.DeleteLink(NextSeq(), index));
        return errno == ENODEV ? new NetlinkResult(0, AlreadyDone: true) : new NetlinkResult(errno);
    }
}
