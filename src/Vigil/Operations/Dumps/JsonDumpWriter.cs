using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;
using Vigil.Operations.Status;

namespace Vigil.Operations.Dumps;

/// <summary>The JSON dump (<c>/tmp/keepalived.json</c>, written on keepalived's JSON signal, `--signum=JSON`), in the
/// shape keepalived 2.4.3 writes: an array with one <c>{"data": {...}, "stats": {...}}</c> per instance, or with
/// <c>json_version 2</c> that array under <c>"vrrp"</c>. Keys and their order are keepalived's, because
/// keepalived-exporter (`--ka.json`) decodes <c>iname</c>, <c>state</c> (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT),
/// <c>wantstate</c>, <c>ifp_ifname</c>, <c>garp_delay</c>, <c>vrid</c>, <c>vips</c> and the counters. keepalived 2.4.3
/// lists a tracked script by its command only (<c>"track_script": ["'/path/check'"]</c>) and writes no script or
/// track_file state; those are in the data dump and in <c>vigil status --json</c>.</summary>
public static class JsonDumpWriter
{
    public static string Render(StatusSnapshot snapshot, int jsonVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var buffer = new MemoryStream(1024 + snapshot.Engine.Instances.Count * 1024);
        // Relaxed escaping: keepalived writes the quotes around a script's command as they are ("'/path/check'").
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (jsonVersion >= 2)
            {
                w.WriteStartObject();
                w.WritePropertyName("vrrp");
            }
            w.WriteStartArray();
            foreach (var i in snapshot.Engine.Instances)
            {
                w.WriteStartObject();
                WriteData(w, snapshot, i, snapshot.Config?.Instances.FirstOrDefault(c => c.Name == i.Name));
                WriteStats(w, i.Counters);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (jsonVersion >= 2)
                w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>keepalived's state numbers; STOP and DELETED only exist while an instance goes away.</summary>
    public static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        _ => 0,
    };

    private static void WriteData(Utf8JsonWriter w, StatusSnapshot snapshot, InstanceStatus i, VrrpInstanceConfig? c)
    {
        w.WriteStartObject("data");
        w.WriteString("iname", i.Name);
        w.WriteNumber("dont_track_primary", c?.DontTrackPrimary == true ? 1 : 0);
        w.WriteNumber("skip_check_adv_addr", c?.SkipCheckAdvAddr == true ? 1 : 0);
        w.WriteNumber("strict_mode", c?.Strict == true ? 1 : 0);
        w.WriteString("vmac_ifname", "");
        w.WriteString("ifp_ifname", i.Interface);
        w.WriteNumber("master_priority", i.State == VrrpState.Backup ? i.MasterPriority ?? 0 : 0);
        var transition = snapshot.ToWall(i.LastTransitionAt);
        w.WriteNumber("last_transition", Math.Round((transition.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond, 6));
        w.WriteNumber("garp_delay", (c?.GarpMasterDelayMs ?? 5000) / 1000);
        w.WriteNumber("garp_refresh", (c?.GarpMasterRefreshMs ?? 0) / 1000);
        w.WriteNumber("garp_rep", c?.GarpMasterRepeat ?? 5);
        w.WriteNumber("garp_refresh_rep", c?.GarpMasterRefreshRepeat ?? 1);
        w.WriteNumber("garp_lower_prio_delay", (c?.GarpLowerPrioDelayMs ?? 5000) / 1000);
        w.WriteNumber("garp_lower_prio_rep", c?.GarpLowerPrioRepeat ?? 5);
        w.WriteNumber("lower_prio_no_advert", c?.LowerPrioNoAdvert == true ? 1 : 0);
        w.WriteNumber("higher_prio_send_advert", c?.HigherPrioSendAdvert == true ? 1 : 0);
        w.WriteNumber("vrid", i.Vrid);
        w.WriteNumber("base_priority", i.BasePriority);
        w.WriteNumber("effective_priority", i.EffectivePriority);
        w.WriteBoolean("vipset", i.State == VrrpState.Master && i.VirtualIpAddresses.Count > 0);
        w.WriteBoolean("promote_secondaries", c?.PromoteSecondaries == true);
        w.WriteNumber("adver_int", i.AdvertIntervalMs / 1000);
        w.WriteNumber("master_adver_int", i.MasterAdvertIntervalMs / 1000);
        w.WriteNumber("accept", c?.Accept == false ? 0 : 1);
        w.WriteBoolean("nopreempt", !i.Preempt);
        w.WriteNumber("preempt_delay", i.PreemptDelayMs / 1000);
        w.WriteNumber("state", StateNumber(i.State));
        w.WriteNumber("wantstate", DataDumpWriter.WantsMaster(i) ? 2 : 1);
        w.WriteNumber("version", i.Version);
        w.WriteBoolean("smtp_alert", c?.SmtpAlert == true);
        w.WriteBoolean("notify_deleted", c?.NotifyDeleted is not null);
        w.WriteStartArray("vips");
        foreach (var vip in DataDumpWriter.VipLines(i, c))
            w.WriteStringValue(vip);
        w.WriteEndArray();
        var scripts = i.Trackers.Where(t => t.Kind == "script").ToList();
        if (scripts.Count > 0)
        {
            w.WriteStartArray("track_script");
            foreach (var t in scripts)
            {
                var command = snapshot.Config?.Scripts.FirstOrDefault(s => s.Name == t.Name)?.Command;
                w.WriteStringValue("'" + (command is null ? t.Name : string.Join(' ', command)) + "'");
            }
            w.WriteEndArray();
        }
        w.WriteNumber("auth_type", (int)(c?.AuthType ?? AuthType.None));
        w.WriteEndObject();
    }

    private static void WriteStats(Utf8JsonWriter w, InstanceCounters c)
    {
        w.WriteStartObject("stats");
        w.WriteNumber("advert_rcvd", c.AdvertsReceived);
        w.WriteNumber("advert_sent", c.AdvertsSent);
        w.WriteNumber("become_master", c.BecomeMaster);
        w.WriteNumber("release_master", c.ReleaseMaster);
        w.WriteNumber("packet_len_err", Drop(c, "packet_length"));
        w.WriteNumber("advert_interval_err", Drop(c, "interval_mismatch"));
        w.WriteNumber("ip_ttl_err", Drop(c, "ttl"));
        w.WriteNumber("invalid_type_rcvd", Drop(c, "invalid_type"));
        w.WriteNumber("addr_list_err", Drop(c, "address_list"));
        w.WriteNumber("invalid_authtype", Drop(c, "auth_type_invalid"));
        w.WriteNumber("authtype_mismatch", Drop(c, "auth_type_mismatch"));
        w.WriteNumber("auth_failure", Drop(c, "auth_failure"));
        w.WriteNumber("pri_zero_rcvd", c.PriorityZeroReceived);
        w.WriteNumber("pri_zero_sent", c.PriorityZeroSent);
        w.WriteEndObject();
    }

    private static long Drop(InstanceCounters c, string reason) => c.Dropped.TryGetValue(reason, out var n) ? n : 0;
}
