using System.Net.Sockets;
using System.Threading.Channels;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>Link up/down notifications from the rtnetlink link group (RTNLGRP_LINK), as a channel of
/// <see cref="LinkInfo"/>. Created in the namespace of the creating thread.</summary>
public sealed class LinkMonitor : IDisposable
{
    private const int RtnlGroupLink = 1;
    private readonly Socket _socket = NetlinkSocket.Open(RtnlGroupLink);
    private readonly StopSignal _stop = new();
    private Thread? _reader;
    private readonly Channel<LinkInfo> _changes = Channel.CreateUnbounded<LinkInfo>();

    public ChannelReader<LinkInfo> Changes => _changes.Reader;

    /// <summary>Starts the reader thread. It sleeps in poll(2) until a message or Dispose (see <see cref="StopSignal"/>).</summary>
    public void Start()
    {
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "netlink-links" };
        _reader.Start();
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        var fd = _socket.Handle;
        while (_stop.WaitReadable(fd))
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

    public void Dispose()
    {
        _stop.Set();
        _reader?.Join(); // the reader leaves its poll before the descriptors close
        _stop.Dispose();
        _socket.Dispose();
    }
}
