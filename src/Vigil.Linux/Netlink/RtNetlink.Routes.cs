using System.Net.Sockets;
using Vigil.Config.Model;

namespace Vigil.Linux.Netlink;

/// <summary>Routes and policy rules, in batches: many requests in one datagram (one sendmsg), then one ACK
/// each.</summary>
public sealed partial class RtNetlink
{
    private const int ENOENT = 2, ESRCH = 3;

    // Requests per datagram: well under the 64 KiB receive buffer for the ACKs of a failed batch, which echo
    // each request.
    private const int BatchLimit = 32 * 1024;

    /// <summary>One route or rule request of a batch; <paramref name="NexthopIndexes"/> are the interface indexes of a
    /// multipath route's nexthops, in order.</summary>
    public readonly record struct RouteRequest(
        bool Install,
        RouteConfig? Route,
        RuleConfig? Rule,
        int IfIndex,
        int[]? NexthopIndexes = null);

    /// <summary>Carries out <paramref name="requests"/> in order; fills <paramref name="results"/> (same length).
    /// Adding what is there and removing what is gone (or whose device is gone) are success.</summary>
    public void ApplyRoutes(IReadOnlyList<RouteRequest> requests, Span<NetlinkResult> results)
    {
        var messages = new byte[requests.Count][];
        for (var i = 0; i < requests.Count; i++)
        {
            var q = requests[i];
            messages[i] = q.Route is { } route
                ? RouteMessages.Route(
                    q.Install ? RouteMessages.RtmNewRoute : RouteMessages.RtmDelRoute,
                    NextSeq(),
                    route,
                    q.IfIndex,
                    q.NexthopIndexes)
                : RouteMessages.Rule(
                    q.Install ? RouteMessages.RtmNewRule : RouteMessages.RtmDelRule,
                    NextSeq(),
                    q.Rule!);
        }

        var start = 0;
        while (start < messages.Length)
        {
            var end = start;
            var size = 0;
            while (end < messages.Length && (end == start || size + messages[end].Length <= BatchLimit))
                size += messages[end++].Length;
            SendBatch(messages, start, end, size, results);
            start = end;
        }

        for (var i = 0; i < requests.Count; i++)
        {
            int errno = results[i].Errno;
            bool done = requests[i].Install ? errno == EEXIST : errno is ENOENT or ESRCH or ENODEV or EADDRNOTAVAIL;
            if (done)
                results[i] = new NetlinkResult(0, AlreadyDone: true);
        }
    }

    /// <summary>Every route of protocol keepalived in the kernel (all tables, both families), with its output
    /// interface index (0 when none).</summary>
    public IReadOnlyList<(RouteConfig Route, int IfIndex)> ListKeepalivedRoutes()
    {
        var list = new List<(RouteConfig, int)>();
        Dump(NetlinkMessages.RtmGetRoute, 0, (buf, m) =>
        {
            if (m.Type == NetlinkMessages.RtmNewRoute && NetlinkMessages.ParseKeepalivedRoute(buf, m) is { } r)
                list.Add(r);
        });
        return list;
    }

    /// <summary>Every policy rule that may be ours (protocol keepalived, or none reported), both families.</summary>
    public IReadOnlyList<RuleConfig> ListKeepalivedRules()
    {
        var list = new List<RuleConfig>();
        Dump(NetlinkMessages.RtmGetRule, 0, (buf, m) =>
        {
            if (m.Type == NetlinkMessages.RtmNewRule && NetlinkMessages.ParseKeepalivedRule(buf, m) is { } r)
                list.Add(r);
        });
        return list;
    }

    /// <summary>Encodes <paramref name="requests"/> as <see cref="ApplyRoutes"/> would, without sending: start-up
    /// runs this so the first failover does not pay for loading and compiling the batch path (its generic
    /// instantiations are not compiled ahead by the warm-up's method walk).</summary>
    public static int Rehearse(IReadOnlyList<RouteRequest> requests)
    {
        var pending = new Dictionary<uint, int>(requests.Count);
        var results = new NetlinkResult[requests.Count];
        var size = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var q = requests[i];
            var message = q.Route is { } route
                ? RouteMessages.Route(
                    q.Install ? RouteMessages.RtmNewRoute : RouteMessages.RtmDelRoute,
                    (uint)i,
                    route,
                    q.IfIndex,
                    q.NexthopIndexes)
                : RouteMessages.Rule(q.Install ? RouteMessages.RtmNewRule : RouteMessages.RtmDelRule, (uint)i, q.Rule!);
            pending[BitConverter.ToUInt32(message, 8)] = i;
            results[i] = new NetlinkResult(0);
            size += message.Length;
        }
        foreach (var m in NetlinkMessages.Split(new byte[16], 0))
            size += m.Length;
        return pending.Remove(0, out _) ? size : -1;
    }

    private void SendBatch(byte[][] messages, int start, int end, int size, Span<NetlinkResult> results)
    {
        var datagram = new byte[size];
        var offset = 0;
        var pending = new Dictionary<uint, int>(end - start);
        for (var i = start; i < end; i++)
        {
            messages[i].CopyTo(datagram, offset);
            offset += messages[i].Length;
            pending[BitConverter.ToUInt32(messages[i], 8)] = i;
            results[i] = new NetlinkResult(110);
        }

        lock (_lock)
        {
            try
            {
                _socket.Send(datagram);
                while (pending.Count > 0)
                {
                    int n = _socket.Receive(_buffer);
                    foreach (var m in NetlinkMessages.Split(_buffer, n))
                    {
                        if (m.Type == NetlinkMessages.NlmsgError && pending.Remove(m.Seq, out var index))
                            results[index] = new NetlinkResult(NetlinkMessages.ErrorOf(_buffer, m));
                    }
                }
            }
            catch (SocketException e)
            {
                int errno = e.NativeErrorCode == 0 ? 110 : e.NativeErrorCode;
                foreach (var index in pending.Values)
                    results[index] = new NetlinkResult(errno);
            }
        }
    }
}
