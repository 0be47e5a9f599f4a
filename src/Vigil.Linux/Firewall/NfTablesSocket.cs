using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Firewall;

/// <summary>
/// An AF_NETLINK/NETLINK_NETFILTER socket (close-on-exec, opened in the creator's network namespace, kept open)
/// that sends one <see cref="NfTablesBatch"/> and reads the kernel's answer to each of its messages, waiting at most
/// <see cref="Limit"/>. The kernel answers every message (an acknowledgement or an error, even for the messages of a
/// batch it aborted), so the batch is done when all answers are in. Not thread-safe: one writer at a time.
/// </summary>
public sealed class NfTablesSocket : IDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private const int NetlinkNetfilter = 12;
    private readonly byte[] _receive = new byte[64 * 1024];
    private Socket? _socket;

    /// <summary>Opens the socket at once, in the calling thread's network namespace; if that fails, the first send
    /// tries again and reports why.</summary>
    public NfTablesSocket()
    {
        try
        {
            _socket = Open();
        }
        catch (SocketException)
        {
        }
    }

    /// <summary>Sends the batch; null when the kernel took every message, else what failed (first error
    /// first).</summary>
    public string? Send(NfTablesBatch batch)
    {
        try
        {
            _socket ??= Open();
            _socket.Send(batch.ToArray());
            return Answers(_socket, batch);
        }
        catch (SocketException e)
        {
            // A socket in an unknown state (a lost answer, a full receive queue) is replaced at the next send.
            Dispose();
            return $"netlink: {e.Message}";
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private string? Answers(Socket socket, NfTablesBatch batch)
    {
        uint first = batch.FirstSeq + 1, last = batch.FirstSeq + (uint)batch.Count;
        var answered = new bool[batch.Count];
        int left = batch.Count;
        var errors = new List<string>();
        var end = DateTime.UtcNow + Limit;
        while (left > 0)
        {
            var wait = end - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero || !socket.Poll(wait, SelectMode.SelectRead))
            {
                Dispose();
                return $"netlink: no answer from nf_tables for {left} of {batch.Count} messages " +
                    $"within {Limit.TotalSeconds:0} s"
                    + (errors.Count > 0 ? "; " + string.Join("; ", errors) : "");
            }
            int n = socket.Receive(_receive);
            foreach (var (seq, errno) in NfTablesAnswers.Parse(_receive.AsSpan(0, n)))
            {
                // Answers to an earlier batch that timed out are not this batch's.
                if (seq < first || seq > last || answered[seq - first])
                    continue;
                answered[seq - first] = true;
                left--;
                if (errno != 0)
                    errors.Add($"{batch.Operations[(int)(seq - first)]}: {Describe(errno)}");
            }
        }
        return errors.Count == 0 ? null : string.Join("; ", errors);
    }

    /// <summary>The errno's name and text, e.g. "ENOENT (No such file or directory)".</summary>
    public static string Describe(int errno)
    {
        var name = errno switch
        {
            1 => "EPERM", 2 => "ENOENT", 12 => "ENOMEM", 13 => "EACCES", 16 => "EBUSY", 17 => "EEXIST", 22 => "EINVAL",
            24 => "EMFILE", 28 => "ENOSPC", 34 => "ERANGE", 93 => "EPROTONOSUPPORT", 95 => "EOPNOTSUPP",
            105 => "ENOBUFS",
            _ => $"errno {errno}",
        };
        return $"{name} ({Marshal.GetPInvokeErrorMessage(errno)})";
    }

    private static unsafe Socket Open()
    {
        int fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NetlinkNetfilter);
        if (fd < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        // The kernel picks the port id at the first send (autobind); answers come back to it.
        socket.SetRawSocketOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, BitConverter.GetBytes(1 << 20));
        return socket;
    }
}

/// <summary>Reads nlmsgerr answers (struct nlmsghdr, then int error and the request's header, whose sequence number
/// names the request). Never throws on a short or odd datagram: it stops at the first inconsistent length.</summary>
public static class NfTablesAnswers
{
    public static List<(uint Seq, int Errno)> Parse(ReadOnlySpan<byte> data)
    {
        var list = new List<(uint, int)>();
        while (data.Length >= 16)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            if (length < 16 || length > data.Length)
                break;
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            if (type == 2 /* NLMSG_ERROR */ && length >= 36)
            {
                int error = BinaryPrimitives.ReadInt32LittleEndian(data[16..]);
                uint seq = BinaryPrimitives.ReadUInt32LittleEndian(data[28..]);
                list.Add((seq, -error));
            }
            int next = (length + 3) & ~3;
            if (next >= data.Length)
                break;
            data = data[next..];
        }
        return list;
    }
}
