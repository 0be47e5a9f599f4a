using System.Net.Sockets;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>
/// Requests to the kernel's routing netlink: list links and addresses, add and remove addresses.
/// The socket belongs to the network namespace of the thread that creates this object. Requests are
/// synchronous (the kernel answers in microseconds) and serialised by a lock; failures are values.
/// </summary>
public sealed partial class RtNetlink : IDisposable
{
    private const int EEXIST = 17, EADDRNOTAVAIL = 99, ENODEV = 19;
    private readonly Socket _socket;
    private readonly Lock _lock = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private uint _seq = (uint)Environment.TickCount;

    public RtNetlink()
    {
        _socket = NetlinkSocket.Open();
        _socket.ReceiveTimeout = 2000;
    }

    public IReadOnlyList<LinkInfo> ListLinks()
    {
        var links = new List<LinkInfo>();
        Dump(NetlinkMessages.RtmGetLink, 0, (buf, m) =>
        {
            if (m.Type == NetlinkMessages.RtmNewLink && NetlinkMessages.ParseLink(buf, m) is { } l)
                links.Add(l);
        });
        return links;
    }

    public LinkInfo? FindLink(string name) => ListLinks().FirstOrDefault(l => l.Name == name);

    public IReadOnlyList<AddressInfo> ListAddresses(AddressFamily family = AddressFamily.Unspecified)
    {
        byte fam = family switch { AddressFamily.InterNetwork => 2, AddressFamily.InterNetworkV6 => 10, _ => 0 };
        var list = new List<AddressInfo>();
        Dump(NetlinkMessages.RtmGetAddr, fam, (buf, m) =>
        {
            if (m.Type == NetlinkMessages.RtmNewAddr && NetlinkMessages.ParseAddress(buf, m) is { } a)
                list.Add(a);
        });
        return list;
    }

    /// <summary>Adds an address; one that is already there counts as success.</summary>
    public NetlinkResult AddAddress(AddressInfo address)
    {
        int errno = Request(NetlinkMessages.Address(NetlinkMessages.RtmNewAddr, NextSeq(), address));
        return errno == EEXIST ? new NetlinkResult(0, AlreadyDone: true) : new NetlinkResult(errno);
    }

    /// <summary>Removes an address; one that is already gone counts as success.</summary>
    public NetlinkResult RemoveAddress(AddressInfo address)
    {
        int errno = Request(NetlinkMessages.Address(NetlinkMessages.RtmDelAddr, NextSeq(), address));
        return errno is EADDRNOTAVAIL or ENODEV ? new NetlinkResult(0, AlreadyDone: true) : new NetlinkResult(errno);
    }

    private uint NextSeq() => Interlocked.Increment(ref _seq);

    private int Request(byte[] message)
    {
        lock (_lock)
        {
            uint seq = BitConverter.ToUInt32(message, 8);
            try
            {
                _socket.Send(message);
                while (true)
                {
                    int n = _socket.Receive(_buffer);
                    foreach (var m in NetlinkMessages.Split(_buffer, n))
                    {
                        if (m.Seq == seq && m.Type == NetlinkMessages.NlmsgError)
                            return NetlinkMessages.ErrorOf(_buffer, m);
                    }
                }
            }
            catch (SocketException e)
            {
                return e.NativeErrorCode == 0 ? 110 : e.NativeErrorCode;
            }
        }
    }

    private void Dump(ushort type, byte family, Action<byte[], NetlinkMessages.Message> onMessage)
    {
        lock (_lock)
        {
            uint seq = NextSeq();
            _socket.Send(NetlinkMessages.Dump(type, seq, family));
            while (true)
            {
                int n = _socket.Receive(_buffer);
                foreach (var m in NetlinkMessages.Split(_buffer, n))
                {
                    if (m.Seq != seq)
                        continue;
                    if (m.Type is NetlinkMessages.NlmsgDone or NetlinkMessages.NlmsgError)
                        return;
                    onMessage(_buffer, m);
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
