using System.Net.Sockets;
using System.Threading.Channels;

namespace Vigil.Linux.Netlink;

/// <summary>Link up/down notifications from the rtnetlink link group (RTNLGRP_LINK), as a channel of
/// <see cref="LinkInfo"/>. Created in the namespace of the creating thread.</summary>
public sealed class LinkMonitor : IDisposable
{
    private const int RtnlGroupLink = 1;
    private readonly Socket _socket = NetlinkSocket.Open(RtnlGroupLink);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<LinkInfo> _changes = Channel.CreateUnbounded<LinkInfo>();

    public ChannelReader<LinkInfo> Changes => _changes.Reader;

    /// <summary>Starts the reader thread (a blocking receive with a short timeout, so disposal is prompt).</summary>
    public void Start()
    {
        _socket.ReceiveTimeout = 250;
        new Thread(ReadLoop) { IsBackground = true, Name = "netlink-links" }.Start();
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TimedOut or SocketError.Interrupted)
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
        _stop.Cancel();
        Thread.Sleep(300); // let the reader leave its receive before the descriptor closes
        _socket.Dispose();
        _stop.Dispose();
    }
}
