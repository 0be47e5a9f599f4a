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

    void IRouteTable.Apply(IReadOnlyList<RouteTableChange> changes, List<(RouteTableChange Change, string Error)> failures)
    {
        _routeRequests.Clear();
        _routeIndexes.Clear();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            // -V (dont_release_vrrp): leave routes and rules in place at shutdown, as the VIPs.
            if (!change.Install && _engine.IsStopped && _options.DontReleaseVrrp)
                continue;
            var dev = change is InstallRoute ir ? ir.Route.Dev : change is RemoveRoute rr ? rr.Route.Dev : null;
            var index = 0;
            if (dev is not null)
            {
                if (_links.TryGetValue(dev, out var link))
                    index = link.Index;
                else if (change.Install)
                {
                    failures.Add((change, $"no interface {dev}"));
                    continue;
                }
                else
                    continue; // its device is gone, so is the route
            }
            _routeRequests.Add(change switch
            {
                InstallRoute r => new RtNetlink.RouteRequest(true, r.Route, null, index),
                RemoveRoute r => new RtNetlink.RouteRequest(false, r.Route, null, index),
                InstallRule r => new RtNetlink.RouteRequest(true, null, r.Rule, 0),
                RemoveRule r => new RtNetlink.RouteRequest(false, null, r.Rule, 0),
                _ => throw new InvalidOperationException("unknown route change"),
            });
            _routeIndexes.Add(i);
        }
        if (_routeRequests.Count == 0)
            return;

        var results = new NetlinkResult[_routeRequests.Count];
        _netlink.ApplyRoutes(_routeRequests, results);
        for (var k = 0; k < results.Length; k++)
        {
            if (!results[k].Ok)
                failures.Add((changes[_routeIndexes[k]], results[k].Describe()));
        }
    }
}
