using System.Net.Sockets;
using System.Threading.Channels;
using Vigil.Config.Model;
using Vigil.Linux.Native;

namespace Vigil.Linux.Netlink;

/// <summary>Link up/down notifications from the rtnetlink link group (RTNLGRP_LINK), as a channel of
/// <see cref="LinkInfo"/>, and address deletions (RTNLGRP_IPV4_IFADDR / RTNLGRP_IPV6_IFADDR) as a channel of
/// <see cref="AddressInfo"/>, and deletions of routes and rules of protocol keepalived (RTNLGRP_IPV4_ROUTE /
/// RTNLGRP_IPV6_ROUTE / RTNLGRP_IPV4_RULE / RTNLGRP_IPV6_RULE, as keepalived watches them). Created in the namespace
/// of the creating thread.</summary>
public sealed class LinkMonitor : IDisposable
{
    private const int RtnlGroupLink = 1, RtnlGroupIpv4Ifaddr = 5, RtnlGroupIpv4Route = 7, RtnlGroupIpv4Rule = 8,
        RtnlGroupIpv6Ifaddr = 9, RtnlGroupIpv6Route = 11, RtnlGroupIpv6Rule = 19;
    private readonly Socket _socket = NetlinkSocket.Open(RtnlGroupLink, RtnlGroupIpv4Ifaddr, RtnlGroupIpv6Ifaddr,
        RtnlGroupIpv4Route, RtnlGroupIpv6Route, RtnlGroupIpv4Rule, RtnlGroupIpv6Rule);
    private readonly StopSignal _stop = new();
    private Thread? _reader;
    private readonly Channel<LinkInfo> _changes = Channel.CreateUnbounded<LinkInfo>();

    private readonly Channel<AddressInfo> _deleted = Channel.CreateUnbounded<AddressInfo>();

    public ChannelReader<LinkInfo> Changes => _changes.Reader;

    /// <summary>Every address the kernel removed from an interface, whoever removed it (RTM_DELADDR).</summary>
    public ChannelReader<AddressInfo> DeletedAddresses => _deleted.Reader;

    private readonly Channel<AddressInfo> _added = Channel.CreateBounded<AddressInfo>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    /// <summary>IPv6 link-local addresses the kernel added (RTM_NEWADDR): an interface that comes up gets its
    /// link-local address after the link notification, and an IPv6 VMAC needs a copy of its base's.</summary>
    public ChannelReader<AddressInfo> AddedLinkLocals => _added.Reader;

    private readonly Channel<(RouteConfig Route, int IfIndex)> _deletedRoutes =
        Channel.CreateBounded<(RouteConfig, int)>(
            new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    private readonly Channel<RuleConfig> _deletedRules = Channel.CreateBounded<RuleConfig>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    /// <summary>Routes of protocol keepalived the kernel deleted (RTM_DELROUTE), whoever deleted them, with the index
    /// of their output interface (0 when none). Other routes (a host's whole table may churn) are dropped
    /// unread.</summary>
    public ChannelReader<(RouteConfig Route, int IfIndex)> DeletedRoutes => _deletedRoutes.Reader;

    /// <summary>Rules the kernel deleted (RTM_DELRULE) that may be ours (protocol keepalived, or none
    /// reported).</summary>
    public ChannelReader<RuleConfig> DeletedRules => _deletedRules.Reader;

    /// <summary>Starts the reader thread. It sleeps in poll(2) until a message or Dispose (see
    /// <see cref="StopSignal"/>).</summary>
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
                else if (m.Type == NetlinkMessages.RtmNewAddr
                    && NetlinkMessages.ParseAddress(buffer, m) is { Address.IsIPv6LinkLocal: true } added)
                {
                    _added.Writer.TryWrite(added);
                }
                else if (m.Type == NetlinkMessages.RtmDelAddr && NetlinkMessages.ParseAddress(buffer, m) is { } address)
                {
                    _deleted.Writer.TryWrite(address);
                }
                else if (m.Type == RouteMessages.RtmDelRoute
                    && NetlinkMessages.ParseKeepalivedRoute(buffer, m) is { } route)
                {
                    _deletedRoutes.Writer.TryWrite(route);
                }
                else if (m.Type == RouteMessages.RtmDelRule
                    && NetlinkMessages.ParseKeepalivedRule(buffer, m) is { } rule)
                {
                    _deletedRules.Writer.TryWrite(rule);
                }
            }
        }
        _changes.Writer.TryComplete();
        _deleted.Writer.TryComplete();
        _added.Writer.TryComplete();
        _deletedRoutes.Writer.TryComplete();
        _deletedRules.Writer.TryComplete();
    }

    public void Dispose()
    {
        _stop.Set();
        _reader?.Join(); // the reader leaves its poll before the descriptors close
        _stop.Dispose();
        _socket.Dispose();
    }
}
