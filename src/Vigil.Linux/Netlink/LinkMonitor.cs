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

    public void Start() => _ = Task.Run(ReadLoop);

    private async Task ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
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
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
            // ENOBUFS (overrun) or a closed socket: the driver re-lists links on its own schedule.
        }
        _changes.Writer.TryComplete();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}
