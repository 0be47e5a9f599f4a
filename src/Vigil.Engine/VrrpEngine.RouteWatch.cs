using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

/// <summary>
/// Route and rule deletions the kernel reports (RTM_DELROUTE / RTM_DELRULE of protocol keepalived), whoever made
/// them. As keepalived 2.2.7 (observed in namespaces): a tracked virtual route or rule of a MASTER that disappears
/// makes the instance (and its sync group) leave MASTER with priority 0 and come back after Skew_Time unless a peer
/// takes over, which re-installs everything; a tracked static route or rule is added back at once
/// ("Restoring deleted static route ..."); a <c>no_track</c> entry is left deleted until the next entry into MASTER.
/// Our own removals do not match: an instance clears its installed flag before removing, and a reload's removals
/// are no longer in the configuration.
/// </summary>
public sealed partial class VrrpEngine
{
    /// <summary>Tracked entries found deleted since start: a MASTER's virtual ones (each made it leave MASTER) and
    /// static ones (each restored).</summary>
    public long TrackedRouteDeletions { get; private set; }

    /// <summary>The kernel deleted <paramref name="deleted"/>; its <see cref="RouteConfig.Dev"/> is the interface the
    /// kernel named (null when none). Only the fields the kernel reports are compared
    /// (<see cref="SameRoute"/>).</summary>
    public void OnRouteDeleted(RouteConfig deleted, MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        foreach (var instance in _instances)
        {
            if (instance.State == VrrpState.Master && instance.RoutesInstalled
                && instance.Config.Routes.FirstOrDefault(r => !r.NoTrack && SameRoute(r, deleted)) is { } route)
            {
                YieldForDeletion(instance, $"virtual route {route}", now);
                return;
            }
        }

        if (_staticRoutes.FirstOrDefault(r => !r.NoTrack && SameRoute(r, deleted)) is { } lost)
        {
            TrackedRouteDeletions++;
            Logs.Routes.StaticRouteRestored(lost.ToString()!);
            Emit(new InstallRoute(null, lost));
        }
    }

    /// <summary>The kernel deleted <paramref name="deleted"/> (see <see cref="SameRule"/>).</summary>
    public void OnRuleDeleted(RuleConfig deleted, MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        foreach (var instance in _instances)
        {
            if (instance.State == VrrpState.Master && instance.RoutesInstalled
                && instance.Config.Rules.FirstOrDefault(r => !r.NoTrack && SameRule(r, deleted)) is { } rule)
            {
                YieldForDeletion(instance, $"virtual rule {rule}", now);
                return;
            }
        }

        if (_staticRules.FirstOrDefault(r => !r.NoTrack && SameRule(r, deleted)) is { } lost)
        {
            TrackedRouteDeletions++;
            Logs.Routes.StaticRuleRestored(lost.ToString()!);
            Emit(new InstallRule(null, lost));
        }
    }

    /// <summary>The driver lost route or rule notifications (a netlink overflow) and re-listed the kernel's routes
    /// and rules of protocol keepalived: each tracked entry missing from them is taken as deleted while unheard, and
    /// answered as <see cref="OnRouteDeleted"/> and <see cref="OnRuleDeleted"/> would have (a MASTER leaves MASTER once
    /// for all its missing entries; a static one is restored).</summary>
    public void RecheckRoutes(
        IReadOnlyList<RouteConfig> presentRoutes,
        IReadOnlyList<RuleConfig> presentRules,
        MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        foreach (var instance in _instances.ToList())
        {
            if (instance.State != VrrpState.Master || !instance.RoutesInstalled)
            {
                continue;
            }

            if (instance.Config.Routes.FirstOrDefault(
                    r => !r.NoTrack && !presentRoutes.Any(p => SameRoute(r, p))) is { } route)
            {
                YieldForDeletion(instance, $"virtual route {route}", now);
            }
            else if (instance.Config.Rules.FirstOrDefault(
                         r => !r.NoTrack && !presentRules.Any(p => SameRule(r, p))) is { } rule)
            {
                YieldForDeletion(instance, $"virtual rule {rule}", now);
            }
        }

        foreach (var lost in _staticRoutes.Where(r => !r.NoTrack && !presentRoutes.Any(p => SameRoute(r, p))))
        {
            TrackedRouteDeletions++;
            Logs.Routes.StaticRouteRestored(lost.ToString()!);
            Emit(new InstallRoute(null, lost));
        }

        foreach (var lost in _staticRules.Where(r => !r.NoTrack && !presentRules.Any(p => SameRule(r, p))))
        {
            TrackedRouteDeletions++;
            Logs.Routes.StaticRuleRestored(lost.ToString()!);
            Emit(new InstallRule(null, lost));
        }
    }

    private void YieldForDeletion(InstanceRuntime instance, string what, MonotonicTime now)
    {
        TrackedRouteDeletions++;
        Logs.Routes.TrackedEntryDeleted(instance.Name, what);
        var others = instance.Group?.Members.Where(m => m != instance && m.State == VrrpState.Master).ToList() ?? [];
        instance.Machine.YieldMaster(now);
        foreach (var member in others)
        {
            // The group moved them to BACKUP with the first one's transition; they get the same short wait.
            member.Machine.YieldMaster(now, groupMember: true);
        }
    }

    /// <summary>Is <paramref name="deleted"/> (as the kernel reports it) the kernel's copy of
    /// <paramref name="configured"/>? Destination, source prefix, table, type, tos and metric identify a route in a
    /// table (the kernel's own key); the interface counts when both name one. A route written without a metric has the
    /// kernel's default (0, IPv6 1024).</summary>
    public static bool SameRoute(RouteConfig configured, RouteConfig deleted)
    {
        uint defaultMetric = configured.Family == IpFamily.IPv6 ? 1024u : 0u;
        return configured.Family == deleted.Family
            && configured.Type == deleted.Type
            && configured.Prefix == deleted.Prefix
            && configured.Destination.Equals(deleted.Destination)
            && configured.Table == deleted.Table
            && (configured.Tos ?? 0) == (deleted.Tos ?? 0)
            && SamePrefix(
                configured.SourcePrefix,
                configured.SourcePrefixLength,
                deleted.SourcePrefix,
                deleted.SourcePrefixLength)
            && (configured.Metric ?? defaultMetric) == (deleted.Metric ?? defaultMetric)
            && (configured.Dev is null || deleted.Dev is null || configured.Dev == deleted.Dev);
    }

    /// <summary>Is <paramref name="deleted"/> the kernel's copy of <paramref name="configured"/>? Every selector and
    /// the action are compared; an fwmark without a mask has the kernel's full mask, and a value the kernel takes
    /// as "any" (tos 0, ipproto 0, the full uid range, a port range from or to 0) is not reported back.</summary>
    public static bool SameRule(RuleConfig configured, RuleConfig deleted) =>
        configured.Family == deleted.Family
        && configured.Preference == deleted.Preference
        && configured.Action == deleted.Action
        && configured.L3mdev == deleted.L3mdev
        && (configured.Action != RuleAction.Table || configured.L3mdev || configured.Table == deleted.Table)
        && (configured.Action != RuleAction.Goto || configured.GotoTarget == deleted.GotoTarget)
        && configured.Invert == deleted.Invert
        && configured.Tos == deleted.Tos
        && (configured.Realms ?? 0) == (deleted.Realms ?? 0)
        && configured.SuppressPrefixLength == deleted.SuppressPrefixLength
        && configured.SuppressIfGroup == deleted.SuppressIfGroup
        && (configured.IpProto ?? 0) == (deleted.IpProto ?? 0)
        && (configured.TunnelId ?? 0) == (deleted.TunnelId ?? 0)
        && AnyUid(configured.UidRange) == AnyUid(deleted.UidRange)
        && AnyPort(configured.SourcePorts) == AnyPort(deleted.SourcePorts)
        && AnyPort(configured.DestinationPorts) == AnyPort(deleted.DestinationPorts)
        && SamePrefix(configured.From, configured.FromPrefix, deleted.From, deleted.FromPrefix)
        && SamePrefix(configured.To, configured.ToPrefix, deleted.To, deleted.ToPrefix)
        && configured.Fwmark == deleted.Fwmark
        && (configured.Fwmark is null
            || (configured.FwmarkMask ?? uint.MaxValue) == (deleted.FwmarkMask ?? uint.MaxValue))
        && configured.InInterface == deleted.InInterface
        && configured.OutInterface == deleted.OutInterface;

    private static RuleRange? AnyUid(RuleRange? r) => r is { Start: 0, End: uint.MaxValue } ? null : r;

    private static RuleRange? AnyPort(RuleRange? r) => r is { } p && (p.Start == 0 || p.End == 0) ? null : r;

    private static bool SamePrefix(IPAddress? a, int aLength, IPAddress? b, int bLength) =>
        (a is null || aLength == 0) ? (b is null || bLength == 0) : b is not null && aLength == bLength && a.Equals(b);
}
