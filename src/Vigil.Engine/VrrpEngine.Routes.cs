using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;
using Vigil.Engine.Model;

namespace Vigil.Engine;

/// <summary>
/// static_ipaddress, static_routes and static_rules: installed at the first load whatever the instances' states,
/// changed by a reload as a diff (unchanged entries are not touched), removed at shutdown. And the failures of
/// every route or rule change, static or virtual.
/// </summary>
public sealed partial class VrrpEngine
{
    /// <summary>The owner name static addresses are added under (address results and logs name it).</summary>
    public const string StaticOwner = "static";

    private IReadOnlyList<VirtualAddress> _staticAddresses = [];
    private IReadOnlyList<RouteConfig> _staticRoutes = [];
    private IReadOnlyList<RuleConfig> _staticRules = [];

    /// <summary>Route and rule changes the kernel refused since start (static and virtual).</summary>
    public long RouteFailures { get; private set; }

    public IReadOnlyList<VirtualAddress> StaticAddresses => _staticAddresses;
    public IReadOnlyList<RouteConfig> StaticRoutes => _staticRoutes;
    public IReadOnlyList<RuleConfig> StaticRules => _staticRules;

    /// <summary>Brings the static entries from the previous configuration (none at start) to
    /// <paramref name="config"/>'s: removals first (rules, routes, addresses), then additions (addresses, routes,
    /// rules).</summary>
    private void ApplyStatics(VigilConfig config)
    {
        var addresses = config.StaticAddresses.Select(v => new VirtualAddress(
            v.Address, v.Prefix > 0 ? v.Prefix : (v.Family == IpFamily.IPv4 ? 32 : 128),
            v.Dev ?? config.Global.DefaultInterface, v.Broadcast, v.Scope, v.Label)).ToArray();
        foreach (var rule in _staticRules.Where(r => !config.StaticRules.Contains(r)))
        {
            Emit(new RemoveRule(null, rule));
        }

        foreach (var route in _staticRoutes.Where(r => !config.StaticRoutes.Contains(r)))
        {
            Emit(new RemoveRoute(null, route));
        }

        foreach (var address in _staticAddresses.Where(a => !addresses.Contains(a)))
        {
            Emit(new RemoveAddress(StaticOwner, address));
        }

        foreach (var address in addresses.Where(a => !_staticAddresses.Contains(a)))
        {
            Emit(new AddAddress(StaticOwner, address));
        }

        foreach (var route in config.StaticRoutes.Where(r => !_staticRoutes.Contains(r)))
        {
            Emit(new InstallRoute(null, route));
        }

        foreach (var rule in config.StaticRules.Where(r => !_staticRules.Contains(r)))
        {
            Emit(new InstallRule(null, rule));
        }

        _staticAddresses = addresses;
        _staticRoutes = config.StaticRoutes;
        _staticRules = config.StaticRules;
    }

    /// <summary>At shutdown, after every instance has stopped.</summary>
    private void RemoveStatics()
    {
        foreach (var rule in _staticRules)
        {
            Emit(new RemoveRule(null, rule));
        }

        foreach (var route in _staticRoutes)
        {
            Emit(new RemoveRoute(null, route));
        }

        foreach (var address in _staticAddresses)
        {
            Emit(new RemoveAddress(StaticOwner, address));
        }
    }

    /// <summary>keepalived makes an instance track the interface of each of its tracked routes and rules (not
    /// <c>no_track</c>): when it goes down, or does not exist, the instance is FAULT.</summary>
    private static void TrackRouteInterfaces(VrrpInstanceConfig ic, InstanceTracking it)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in ic.Routes)
        {
            if (route.TrackedInterface is { } dev)
            {
                names.Add(dev);
            }
        }

        foreach (var rule in ic.Rules.Where(r => !r.NoTrack))
        {
            foreach (var name in (ReadOnlySpan<string?>)[rule.InInterface, rule.OutInterface])
            {
                if (name is not null)
                {
                    names.Add(name);
                }
            }
        }

        foreach (var name in names)
        {
            it.TrackInterface(name, 0, false);
        }
    }

    /// <summary>keepalived's static track groups: an instance named in the <c>track_group</c> of a static address,
    /// route or rule tracks that entry's interface (the address's <c>dev</c>, the route's <c>dev</c>, the rule's
    /// <c>iif</c>): while it is down the instance is FAULT (observed with keepalived 2.2.7).</summary>
    private static void TrackStaticGroups(VigilConfig config, VrrpInstanceConfig ic, InstanceTracking it)
    {
        bool Member(string? group) =>
            group is not null && config.TrackGroups.TryGetValue(group, out var members) && members.Contains(ic.Name);

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in config.StaticAddresses.Where(a => Member(a.TrackGroup)))
        {
            names.Add(a.Dev ?? config.Global.DefaultInterface);
        }

        foreach (var r in config.StaticRoutes.Where(r => Member(r.TrackGroup) && r.Dev is not null))
        {
            names.Add(r.Dev!);
        }

        foreach (var r in config.StaticRules.Where(r => Member(r.TrackGroup) && r.InInterface is not null))
        {
            names.Add(r.InInterface!);
        }

        foreach (var name in names)
        {
            it.TrackInterface(name, 0, false);
        }
    }

    /// <summary>An interface came up: static routes through it that the kernel dropped while it was down are added
    /// back (one that is there is left as it is), as keepalived does.</summary>
    private void RestoreStaticRoutesOn(string interfaceName)
    {
        foreach (var route in _staticRoutes.Where(
                     r => !r.NoTrack
                         && (r.Dev == interfaceName || r.Nexthops?.Any(n => n.Dev == interfaceName) == true)))
        {
            Emit(new InstallRoute(null, route));
        }
    }

    /// <summary>The route table refused a change (carried out by the pump).</summary>
    public void OnRouteFailure(RouteTableChange change, string error)
    {
        RouteFailures++;
        if (change.Instance is { } name && _instancesByName.TryGetValue(name, out var instance))
        {
            instance.RouteFailures++;
        }

        var owner = change.Instance ?? StaticOwner;
        switch (change)
        {
            case InstallRoute r:
                Logs.Routes.RouteAddFailed(owner, r.Route.ToString()!, error);
                break;
            case RemoveRoute r:
                Logs.Routes.RouteRemoveFailed(owner, r.Route.ToString()!, error);
                break;
            case InstallRule r:
                Logs.Routes.RuleAddFailed(owner, r.Rule.ToString()!, error);
                break;
            case RemoveRule r:
                Logs.Routes.RuleRemoveFailed(owner, r.Rule.ToString()!, error);
                break;
            default:
                Logs.Routes.RouteChangeFailed(owner, error);
                break;
        }
    }
}
