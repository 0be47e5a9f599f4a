using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>keepalived's mail alert wording, as keepalived 2.2.7 sends it (docs/alerts.md): the subject names the
/// router, the instance or group and the state entered; the body is one line.</summary>
public static class AlertText
{
    public static string InstanceSubject(string routerId, string instance, VrrpState state) =>
        $"[{routerId}] VRRP Instance {instance} - Entering {VrrpEngine.StateName(state)} state";

    /// <summary>keepalived says "owning" for MASTER and "no longer owning" for every other state (FAULT too).</summary>
    public static string InstanceBody(VrrpState state) => state == VrrpState.Master
        ? "=> VRRP Instance is now owning VRRP VIPs <="
        : "=> VRRP Instance is no longer owning VRRP VIPs <=";

    public static string GroupSubject(string routerId, string group, VrrpState state) =>
        $"[{routerId}] VRRP Group {group} - Entering {VrrpEngine.StateName(state)} state";

    public static string GroupBody(VrrpState state) =>
        $"=> All VRRP group instances are now in {VrrpEngine.StateName(state)} state <=";
}
