using System.Globalization;
using System.Text;
using Vigil.Engine.Status;
using Vigil.Operations.Status;

namespace Vigil.Operations.Dumps;

/// <summary>The SIGUSR2 dump (<c>/tmp/keepalived.stats</c>): keepalived's per-instance counters in its layout
/// ("VRRP Instance: NAME", two-space sections ending in ':', four-space "Key: value" lines).</summary>
public static class StatsDumpWriter
{
    public static string Render(StatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var o = new StringBuilder(512 + snapshot.Engine.Instances.Count * 512);
        foreach (var i in snapshot.Engine.Instances)
        {
            var c = i.Counters;
            o.Append("VRRP Instance: ").Append(i.Name).Append('\n');
            o.Append("  Advertisements:\n");
            Value(o, "    Received", c.AdvertsReceived);
            Value(o, "    Sent", c.AdvertsSent);
            Value(o, "  Became master", c.BecomeMaster);
            Value(o, "  Released master", c.ReleaseMaster);
            o.Append("  Packet Errors:\n");
            Value(o, "    Length", Drop(c, "packet_length"));
            Value(o, "    TTL", Drop(c, "ttl"));
            Value(o, "    Invalid Type", Drop(c, "invalid_type"));
            Value(o, "    Advertisement Interval", Drop(c, "interval_mismatch"));
            Value(o, "    Address List", Drop(c, "address_list"));
            o.Append("  Authentication Errors:\n");
            Value(o, "    Invalid Type", Drop(c, "auth_type_invalid"));
            Value(o, "    Type Mismatch", Drop(c, "auth_type_mismatch"));
            Value(o, "    Failure", Drop(c, "auth_failure"));
            o.Append("  Priority Zero:\n");
            Value(o, "    Received", c.PriorityZeroReceived);
            Value(o, "    Sent", c.PriorityZeroSent);
        }
        return o.ToString();
    }

    /// <summary>The snapshot with each instance's counters less those at the last STATS_CLEAR
    /// (<paramref name="baseline"/>).</summary>
    public static StatusSnapshot Since(StatusSnapshot snapshot, IReadOnlyDictionary<string, InstanceCounters> baseline)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline.Count == 0)
            return snapshot;
        var instances = snapshot.Engine.Instances
            .Select(i => baseline.TryGetValue(i.Name, out var b) ? i with { Counters = Minus(i.Counters, b) } : i)
            .ToList();
        return snapshot with { Engine = snapshot.Engine with { Instances = instances } };
    }

    private static InstanceCounters Minus(InstanceCounters c, InstanceCounters b) => new(
        c.AdvertsReceived - b.AdvertsReceived,
        c.AdvertsSent - b.AdvertsSent,
        c.BecomeMaster - b.BecomeMaster,
        c.ReleaseMaster - b.ReleaseMaster,
        c.PriorityZeroReceived - b.PriorityZeroReceived,
        c.PriorityZeroSent - b.PriorityZeroSent,
        c.Dropped.ToDictionary(d => d.Key, d => d.Value - (b.Dropped.TryGetValue(d.Key, out var n) ? n : 0)));

    private static long Drop(InstanceCounters c, string reason) => c.Dropped.TryGetValue(reason, out var n) ? n : 0;

    private static void Value(StringBuilder o, string key, long value) =>
        o.Append(key).Append(": ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
