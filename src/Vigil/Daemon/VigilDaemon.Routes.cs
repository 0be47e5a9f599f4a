using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Ports;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon;

/// <summary>The route table port: virtual and static routes and rules through rtnetlink, a run of changes in one
/// datagram.</summary>
public sealed partial class VigilDaemon : IRouteTable
{
    private readonly List<RtNetlink.RouteRequest> _routeRequests = [];
    private readonly List<int> _routeIndexes = [];

    // With -D: from the timer that led to a batch (a MASTER decision is taken on the master-down timer) to the
    // kernel's last acknowledgement of it (bench/routes).
    private readonly LatencyTrace _routeLatency = new("routes and rules installed after the timer's decision in");
    private MonotonicTime _routeDecisionAt = MonotonicTime.Never;
    private readonly LatencyTrace _routeBatchLatency = new("a batch of route and rule changes took");

    void IRouteTable.Apply(
        IReadOnlyList<RouteTableChange> changes,
        List<(RouteTableChange Change, string Error)> failures)
    {
        if (!Requests(
            changes,
            failures,
            _links,
            _engine.IsStopped && _options.DontReleaseVrrp,
            _routeRequests,
            _routeIndexes))
        {
            return;
        }

        var results = new NetlinkResult[_routeRequests.Count];
        var started = MonotonicClock.Now();
        _netlink.ApplyRoutes(_routeRequests, results);
        if (_log.Detail)
            _routeBatchLatency.Add(MonotonicClock.Now().Microseconds - started.Microseconds);
        if (_log.Detail && !_routeDecisionAt.IsNever && changes[0].Install)
        {
            _routeLatency.Add(MonotonicClock.Now().Microseconds - _routeDecisionAt.Microseconds);
            _routeDecisionAt = MonotonicTime.Never;
        }
        for (var k = 0; k < results.Length; k++)
        {
            if (!results[k].Ok)
                failures.Add((changes[_routeIndexes[k]], results[k].Describe()));
        }
    }

    /// <summary>Route deletions of protocol keepalived the kernel reports, with their interface named, to the engine
    /// (which tells ours from others and decides).</summary>
    private async Task PumpDeletedRoutes()
    {
        await foreach (var (route, ifIndex) in _linkMonitor.DeletedRoutes.ReadAllAsync().ConfigureAwait(false))
        {
            _inbox.TryPost(new DriverInput.Invoke(() =>
            {
                var dev = ifIndex == 0 ? null : _links.Values.FirstOrDefault(l => l.Index == ifIndex)?.Name;
                _engine.OnRouteDeleted(route with { Dev = dev }, MonotonicClock.Now());
            }));
        }
    }

    private async Task PumpDeletedRules()
    {
        await foreach (var rule in _linkMonitor.DeletedRules.ReadAllAsync().ConfigureAwait(false))
            _inbox.TryPost(new DriverInput.Invoke(() => _engine.OnRuleDeleted(rule, MonotonicClock.Now())));
    }

    /// <summary>The rtnetlink requests for <paramref name="changes"/> (device names resolved); false when none is
    /// left to send. Static so start-up can rehearse it (<see cref="Warmup"/>).</summary>
    internal static bool Requests(
        IReadOnlyList<RouteTableChange> changes,
        List<(RouteTableChange Change, string Error)> failures,
        IReadOnlyDictionary<string, LinkInfo> links,
        bool keepAtStop,
        List<RtNetlink.RouteRequest> into,
        List<int> indexes)
    {
        into.Clear();
        indexes.Clear();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            // -V (dont_release_vrrp): leave routes and rules in place at shutdown, as the VIPs.
            if (!change.Install && keepAtStop)
                continue;
            var dev = change is InstallRoute ir ? ir.Route.Dev : change is RemoveRoute rr ? rr.Route.Dev : null;
            var index = 0;
            if (dev is not null)
            {
                if (links.TryGetValue(dev, out var link))
                {
                    index = link.Index;
                }
                else if (change.Install)
                {
                    failures.Add((change, $"no interface {dev}"));
                    continue;
                }
                else
                {
                    continue; // its device is gone, so is the route
                }
            }
            var route = change is InstallRoute ir2 ? ir2.Route : change is RemoveRoute rr2 ? rr2.Route : null;
            int[]? nexthopIndexes = null;
            if (route?.Nexthops is { } nexthops
                && !NexthopIndexes(change, nexthops, links, failures, out nexthopIndexes))
            {
                continue;
            }

            into.Add(change switch
            {
                InstallRoute r => new RtNetlink.RouteRequest(true, r.Route, null, index, nexthopIndexes),
                RemoveRoute r => new RtNetlink.RouteRequest(false, r.Route, null, index, nexthopIndexes),
                InstallRule r => new RtNetlink.RouteRequest(true, null, r.Rule, 0),
                RemoveRule r => new RtNetlink.RouteRequest(false, null, r.Rule, 0),
                _ => throw new InvalidOperationException("unknown route change"),
            });
            indexes.Add(i);
        }
        return into.Count > 0;
    }

    /// <summary>The interface index of each nexthop's <c>dev</c> (0 without one). False when one is missing: adding
    /// fails (said in <paramref name="failures"/>); removing is skipped, as the kernel drops a path's route with its
    /// device.</summary>
    private static bool NexthopIndexes(
        RouteTableChange change,
        Config.Model.RouteNexthops nexthops,
        IReadOnlyDictionary<string, LinkInfo> links,
        List<(RouteTableChange Change, string Error)> failures,
        out int[] indexes)
    {
        indexes = new int[nexthops.Count];
        for (var k = 0; k < nexthops.Count; k++)
        {
            if (nexthops[k].Dev is not { } dev)
                continue;
            if (!links.TryGetValue(dev, out var link))
            {
                if (change.Install)
                    failures.Add((change, $"no interface {dev}"));
                return false;
            }
            indexes[k] = link.Index;
        }
        return true;
    }
}
