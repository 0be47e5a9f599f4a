using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// The kernel's process event connector (NETLINK_CONNECTOR, CN_IDX_PROC): one message per fork, exec, comm change
/// and exit on the whole machine. The kernel serves it in the initial network namespace only; elsewhere the listen
/// request fails with ECONNREFUSED, and <see cref="Open"/> then opens the socket from the initial namespace (a
/// socket keeps the namespace it was made in) when this process may enter it, else returns null.
/// </summary>
internal static unsafe class ProcConnector
{
    private const int NetlinkConnector = 11, CnIdxProc = 1, CnValProc = 1, ProcCnMcastListen = 1, NlmsgDone = 3;
    private const int ECONNREFUSED = 111;
    public const uint Fork = 0x1, Exec = 0x2, Comm = 0x200, Exit = 0x80000000;

    /// <summary>A decoded event: for a fork, <see cref="Pid"/>/<see cref="Tgid"/> are the child's and
    /// <see cref="ParentTgid"/> the parent's; for a comm change, <see cref="Comm"/> is the new name.</summary>
    public readonly record struct Event(uint What, int Pid, int Tgid, int ParentTgid, string? Comm);

    /// <summary>A socket opened before the process moved into its net_namespace and handed to this image
    /// (<see cref="ProcConnectorHandover"/>); the first <see cref="Open"/> takes it.</summary>
    private static Socket? s_handedOver;

    public const string HandedOverDetail = "process event connector (opened in the initial network namespace before " +
        "the move, handed over)";

    internal static void HandOver(Socket socket) => Volatile.Write(ref s_handedOver, socket);

    /// <summary>Opens and subscribes; returns the socket and how it was reached, or null with the reason.</summary>
    public static (Socket? Socket, string Detail) Open()
    {
        if (Interlocked.Exchange(ref s_handedOver, null) is { } handed)
            return (handed, HandedOverDetail);
        var (socket, errno) = TryOpen();
        if (socket is not null)
            return (socket, "process event connector");
        if (errno != ECONNREFUSED)
            return (null, $"process event connector unavailable ({Marshal.GetPInvokeErrorMessage(errno)})");
        var fromInit = OpenInInitialNamespace();
        return fromInit is not null
            ? (fromInit, "process event connector (opened in the initial network namespace)")
            : (null, "process event connector refused in this network namespace");
    }

    private static (Socket?, int Errno) TryOpen()
    {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, NetlinkConnector);
        if (fd < 0)
            return (null, Marshal.GetLastPInvokeError());
        byte* addr = stackalloc byte[12];
        new Span<byte>(addr, 12).Clear();
        addr[0] = Libc.AF_NETLINK;
        BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(addr + 8, 4), CnIdxProc);
        if (Libc.bind(fd, addr, 12) != 0)
            return Fail(fd);
        // nlmsghdr (16) + cn_msg (20) + the operation (4).
        byte* msg = stackalloc byte[40];
        var m = new Span<byte>(msg, 40);
        m.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(m, 40);
        BinaryPrimitives.WriteUInt16LittleEndian(m[4..], NlmsgDone);
        BinaryPrimitives.WriteUInt32LittleEndian(m[12..], (uint)Environment.ProcessId);
        BinaryPrimitives.WriteUInt32LittleEndian(m[16..], CnIdxProc);
        BinaryPrimitives.WriteUInt32LittleEndian(m[20..], CnValProc);
        BinaryPrimitives.WriteUInt16LittleEndian(m[32..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(m[36..], ProcCnMcastListen);
        byte* kernel = stackalloc byte[12];
        new Span<byte>(kernel, 12).Clear();
        kernel[0] = Libc.AF_NETLINK;
        if (Libc.sendto(fd, msg, 40, 0, kernel, 12) < 0)
            return Fail(fd);
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.SetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, BitConverter.GetBytes(1 << 20));
        return (socket, 0);
    }

    private static (Socket?, int) Fail(int fd)
    {
        int errno = Marshal.GetLastPInvokeError();
        Libc.close(fd);
        return (null, errno);
    }

    /// <summary>On a thread of its own: enter the network namespace of pid 1, open the socket, return. The thread
    /// ends there, so no other socket of the daemon is ever made in the wrong namespace.</summary>
    private static Socket? OpenInInitialNamespace()
    {
        Socket? result = null;
        var thread = new Thread(() =>
        {
            fixed (byte* path = "/proc/1/ns/net\0"u8)
            {
                int ns = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
                if (ns < 0)
                    return;
                try
                {
                    if (Libc.setns(ns, Libc.CLONE_NEWNET) != 0)
                        return;
                }
                finally
                {
                    Libc.close(ns);
                }
            }
            result = TryOpen().Item1;
        }) { IsBackground = true, Name = "proc-connector-open" };
        thread.Start();
        thread.Join();
        return result;
    }

    public static IEnumerable<Event> Parse(byte[] buffer, int length)
    {
        int offset = 0;
        var events = new List<Event>();
        while (offset + 16 <= length)
        {
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
            if (len < 16 || offset + len > length)
                break;
            // nlmsghdr 16, cn_msg 20, then proc_event: what, cpu, timestamp (16), then the event's own fields.
            var body = buffer.AsSpan(offset + 36, len - 36);
            if (body.Length >= 24)
            {
                uint what = BinaryPrimitives.ReadUInt32LittleEndian(body);
                var d = body[16..];
                switch (what)
                {
                    case Fork when d.Length >= 16:
                        events.Add(new Event(what, I(d, 2), I(d, 3), I(d, 1), null));
                        break;
                    case Exec or Exit when d.Length >= 8:
                        events.Add(new Event(what, I(d, 0), I(d, 1), 0, null));
                        break;
                    case Comm when d.Length >= 24:
                        events.Add(new Event(what, I(d, 0), I(d, 1), 0, ProcFs.CommFromBytes(d.Slice(8, 16))));
                        break;
                }
            }
            offset += (len + 3) & ~3;
        }
        return events;
    }

    private static int I(ReadOnlySpan<byte> d, int i) => BinaryPrimitives.ReadInt32LittleEndian(d[(i * 4)..]);
}
