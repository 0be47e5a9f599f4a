using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>The kernel's routing tables and policy rules (rtnetlink RTM_NEWROUTE/DELROUTE/NEWRULE/DELRULE).</summary>
public interface IRouteTable
{
    /// <summary>Carries out <paramref name="changes"/> in order, as one batch where the world allows, and adds to
    /// <paramref name="failures"/> each change that failed with its reason. A change that finds the kernel already in
    /// the wanted state is success.</summary>
    void Apply(IReadOnlyList<RouteTableChange> changes, List<(RouteTableChange Change, string Error)> failures);
}
