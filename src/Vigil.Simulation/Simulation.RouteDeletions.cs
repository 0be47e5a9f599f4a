using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Simulation;

/// <summary>An administrator deleting a route or rule from a host's kernel (<c>ip route del</c>, <c>ip rule del</c>).
/// The simulated kernel reports it to the daemon as rtnetlink does, and then reports every deletion the daemon's
/// own reaction makes, so a test also sees that the daemon does not react to its own removals.</summary>
public sealed partial class Simulation
{
    public void DeleteRoute(SimHost host, RouteConfig route)
    {
        if (!host.Routes.Remove(route))
        {
            throw new ArgumentException($"{host.Name} has no route {route}");
        }

        TraceText($"{host.Name} route deleted: {route}");
        Checker.MarkDisturbance(Now, $"{host.Name} route deleted", masterLoss: true);
        host.Engine?.OnRouteDeleted(KernelView(route), Now);
        EchoOwnDeletions(host);
    }

    public void DeleteRule(SimHost host, RuleConfig rule)
    {
        if (!host.Rules.Remove(rule))
        {
            throw new ArgumentException($"{host.Name} has no rule {rule}");
        }

        TraceText($"{host.Name} rule deleted: {rule}");
        Checker.MarkDisturbance(Now, $"{host.Name} rule deleted", masterLoss: true);
        host.Engine?.OnRuleDeleted(KernelView(rule), Now);
        EchoOwnDeletions(host);
    }

    /// <summary>Carries out the daemon's reaction, then tells it of each route and rule that reaction removed (and so
    /// on, a bounded number of rounds: a daemon that kept reacting to its own removals would fail its test).</summary>
    private void EchoOwnDeletions(SimHost host)
    {
        for (var round = 0; round < 4 && host.Engine is { } engine; round++)
        {
            var routes = host.Routes.Keys.ToList();
            var rules = host.Rules.Keys.ToList();
            host.Drain(Now);
            var goneRoutes = routes.Where(r => !host.Routes.ContainsKey(r)).ToList();
            var goneRules = rules.Where(r => !host.Rules.ContainsKey(r)).ToList();
            if (goneRoutes.Count == 0 && goneRules.Count == 0)
            {
                return;
            }

            foreach (var rule in goneRules)
            {
                engine.OnRuleDeleted(KernelView(rule), Now);
            }

            foreach (var route in goneRoutes)
            {
                engine.OnRouteDeleted(KernelView(route), Now);
            }
        }
    }

    /// <summary>What the kernel reports of a route: its defaults filled in, nothing of keepalived's own
    /// flags.</summary>
    public static RouteConfig KernelView(RouteConfig r) =>
        r with { Metric = r.Metric ?? (r.Family == IpFamily.IPv6 ? 1024u : 0u), NoTrack = false };

    public static RuleConfig KernelView(RuleConfig r) =>
        r with { FwmarkMask = r.Fwmark is null ? null : r.FwmarkMask ?? uint.MaxValue, NoTrack = false };
}
