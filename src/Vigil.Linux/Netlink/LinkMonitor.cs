using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>Link up/down notifications from the rtnetlink link group (RTNLGRP_LINK), as a channel of
/// <see cref="LinkInfo"/>. Created in the namespace of the creating thread.</summary>
public sealed class LinkMonitor : IDisposable
{
    private const int RtnlGroupLink = 1;
    private readonly Socket _socket = NetlinkSocket.Open(RtnlGroupLink);
    private int _wake = -1;
    private Thread? _reader;
    private readonly Channel<LinkInfo> _changes = Channel.CreateUnbounded<LinkInfo>();

    public ChannelReader<LinkInfo> Changes => _changes.Reader;

    /// <summary>Starts the reader thread. It sleeps in poll(2) on the socket and an eventfd that Dispose writes,
    /// so an idle daemon never wakes for it (a receive timeout would wake it, and throw, several times a second).</summary>
    public void Start()
    {
        _wake = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (_wake < 0)
            throw new SocketException(Marshal.GetLastPInvokeError());
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "netlink-links" };
        _reader.Start();
    }

    private unsafe bool WaitReadable()
    {
        var fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = (int)_socket.Handle, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = _wake, Events = Libc.POLLIN };
        while (true)
        {
            int rc = Libc.ppoll(fds, 2, null, null);
            if (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR)
                continue;
            // A poll error on valid descriptors cannot happen; stopping is better than spinning if it does.
            return rc > 0 && fds[1].Revents == 0;
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        while (WaitReadable())
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted)
            {
                continue;
            }
            catch (SocketException)
            {
                // ENOBUFS (an overrun): changes were lost; say so with an empty name so the driver re-lists links.
                _changes.Writer.TryWrite(new LinkInfo(0, "", 0, null));
                continue;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            foreach (var m in NetlinkMessages.Split(buffer, n))
            {
                if (m.Type is NetlinkMessages.RtmNewLink or NetlinkMessages.RtmDelLink
                    && NetlinkMessages.ParseLink(buffer, m) is { } link)
                {
                    // A deleted link is reported as down.
                    _changes.Writer.TryWrite(m.Type == NetlinkMessages.RtmDelLink ? link with { Flags = 0 } : link);
                }
            }
        }
        _changes.Writer.TryComplete();
    }

    public unsafe void Dispose()
    {
        if (_wake >= 0)
        {
            ulong one = 1;
            Libc.write(_wake, (byte*)&one, sizeof(ulong));
            _reader?.Join(); // the reader leaves its poll before the descriptors close
            Libc.close(_wake);
            _wake = -1;
        }
        _socket.Dispose();
    }
}
