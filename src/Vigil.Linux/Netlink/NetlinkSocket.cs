using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>Opens an AF_NETLINK/NETLINK_ROUTE socket (close-on-exec) wrapped in a managed Socket.</summary>
internal static class NetlinkSocket
{
    private const int SolNetlink = 270, NetlinkAddMembership = 1;

    public static Socket Open(int groups)
    {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.SetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, BitConverter.GetBytes(1 << 20));
        if (groups != 0)
            socket.SetRawSocketOption(SolNetlink, NetlinkAddMembership, BitConverter.GetBytes(groups));
        return socket;
    }
}
