using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>Opens an AF_NETLINK/NETLINK_ROUTE socket (close-on-exec) wrapped in a managed Socket.</summary>
internal static unsafe class NetlinkSocket
{
    private const int SolNetlink = 270, NetlinkAddMembership = 1;

    /// <summary>Opens the socket and joins each rtnetlink multicast group in <paramref name="groups"/> (RTNLGRP_*
    /// numbers; none for a request socket).</summary>
    public static Socket Open(params int[] groups)
    {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        // Bind with port id 0 so the kernel assigns a unique one: multicast delivery skips a socket whose
        // port id is 0 (the kernel's own).
        byte* nl = stackalloc byte[12];
        new Span<byte>(nl, 12).Clear();
        nl[0] = Libc.AF_NETLINK;
        if (Libc.bind(fd, nl, 12) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Libc.close(fd);
            throw new SocketException(errno);
        }
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.SetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, BitConverter.GetBytes(1 << 20));
        foreach (var group in groups)
        {
            if (group != 0)
                socket.SetRawSocketOption(SolNetlink, NetlinkAddMembership, BitConverter.GetBytes(group));
        }
        return socket;
    }
}
