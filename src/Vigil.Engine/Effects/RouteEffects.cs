using Vigil.Config.Model;

namespace Vigil.Engine.Effects;

/// <summary>A change to the kernel's routing tables or policy rules. Consecutive ones are carried out in one batch
/// (one sendmsg). <see cref="Instance"/> is null for the static_routes / static_rules of the configuration.
/// Installing what is already there and removing what is gone are success.</summary>
public abstract record RouteTableChange(string? Instance) : EngineEffect
{
    public abstract bool Install { get; }
}

/// <summary>RTM_NEWROUTE (create or replace).</summary>
public sealed record InstallRoute(string? Instance, RouteConfig Route) : RouteTableChange(Instance)
{
    public override bool Install => true;
}

/// <summary>RTM_DELROUTE.</summary>
public sealed record RemoveRoute(string? Instance, RouteConfig Route) : RouteTableChange(Instance)
{
    public override bool Install => false;
}

/// <summary>RTM_NEWRULE.</summary>
public sealed record InstallRule(string? Instance, RuleConfig Rule) : RouteTableChange(Instance)
{
    public override bool Install => true;
}

/// <summary>RTM_DELRULE.</summary>
public sealed record RemoveRule(string? Instance, RuleConfig Rule) : RouteTableChange(Instance)
{
    public override bool Install => false;
}
