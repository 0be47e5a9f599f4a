using Vigil.Config.Model;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

/// <summary>virtual_routes and virtual_rules: installed with the VIPs on entering MASTER (after them, as keepalived:
/// a route's <c>src</c> may be a VIP), removed before them on every path out of MASTER.</summary>
internal sealed partial class InstanceRuntime
{
    /// <summary>True while this instance's routes and rules are meant to be in the kernel.</summary>
    public bool RoutesInstalled { get; private set; }

    /// <summary>Route and rule changes of this instance that the kernel refused.</summary>
    public long RouteFailures { get; set; }

    public IReadOnlyList<RouteConfig> Routes => Config.Routes;
    public IReadOnlyList<RuleConfig> Rules => Config.Rules;

    public void InstallRoutes()
    {
        foreach (var route in Config.Routes)
        {
            _engine.Emit(new InstallRoute(Name, route));
        }

        foreach (var rule in Config.Rules)
        {
            _engine.Emit(new InstallRule(Name, rule));
        }

        RoutesInstalled = true;
    }

    /// <summary>Rules first, so no packet is steered to a table whose routes are already gone.</summary>
    public void RemoveRoutes()
    {
        foreach (var rule in Config.Rules)
        {
            _engine.Emit(new RemoveRule(Name, rule));
        }

        foreach (var route in Config.Routes)
        {
            _engine.Emit(new RemoveRoute(Name, route));
        }

        RoutesInstalled = false;
    }

    /// <summary>A reload changed the configuration of a MASTER: only the routes and rules that changed move;
    /// unchanged ones are not touched.</summary>
    private void ReconfigureRoutes(VrrpInstanceConfig old)
    {
        if (!RoutesInstalled)
        {
            return;
        }

        foreach (var rule in old.Rules.Where(r => !Config.Rules.Contains(r)))
        {
            _engine.Emit(new RemoveRule(Name, rule));
        }

        foreach (var route in old.Routes.Where(r => !Config.Routes.Contains(r)))
        {
            _engine.Emit(new RemoveRoute(Name, route));
        }

        foreach (var route in Config.Routes.Where(r => !old.Routes.Contains(r)))
        {
            _engine.Emit(new InstallRoute(Name, route));
        }

        foreach (var rule in Config.Rules.Where(r => !old.Rules.Contains(r)))
        {
            _engine.Emit(new InstallRule(Name, rule));
        }
    }
}
