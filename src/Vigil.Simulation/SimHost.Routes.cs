using Vigil.Config.Model;
using Vigil.Engine.Effects;
using Vigil.Engine.Ports;

namespace Vigil.Simulation;

/// <summary>The simulator's route table: routes and rules as the kernel would hold them (installing what is there
/// and removing what is gone succeed), with a log of every change so tests can see what a reload touched.</summary>
public sealed partial class SimHost : IRouteTable
{
    /// <summary>Routes in the kernel, with the instance that installed each (null for static_routes).</summary>
    public Dictionary<RouteConfig, string?> Routes { get; } = [];

    /// <summary>Rules in the kernel, with their owner as <see cref="Routes"/>.</summary>
    public Dictionary<RuleConfig, string?> Rules { get; } = [];

    /// <summary>Every change carried out, in order ("+route ...", "-rule ...").</summary>
    public List<string> RouteLog { get; } = [];

    /// <summary>Batches the pump handed over (one per run of consecutive changes).</summary>
    public int RouteBatches { get; private set; }

    /// <summary>Changes the simulated kernel refuses, by text: a test's way to make one fail.</summary>
    public HashSet<string> RefusedRoutes { get; } = new(StringComparer.Ordinal);

    void IRouteTable.Apply(
        IReadOnlyList<RouteTableChange> changes,
        List<(RouteTableChange Change, string Error)> failures)
    {
        RouteBatches++;
        foreach (var change in changes)
        {
            var text = change switch
            {
                InstallRoute r => $"+route {r.Route}",
                RemoveRoute r => $"-route {r.Route}",
                InstallRule r => $"+rule {r.Rule}",
                RemoveRule r => $"-rule {r.Rule}",
                _ => "?",
            };
            if (RefusedRoutes.Contains(text))
            {
                failures.Add((change, "refused by the simulated kernel"));
                continue;
            }

            RouteLog.Add(text);
            switch (change)
            {
                case InstallRoute r:
                    Routes[r.Route] = r.Instance;
                    break;
                case RemoveRoute r:
                    Routes.Remove(r.Route);
                    break;
                case InstallRule r:
                    Rules[r.Rule] = r.Instance;
                    break;
                case RemoveRule r:
                    Rules.Remove(r.Rule);
                    break;
            }
        }
    }
}
