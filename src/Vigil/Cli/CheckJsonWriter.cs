using System.Text.Json;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Cli;

/// <summary>`vigil check --json`: <c>{ "diagnostics": [...], "model": {...} }</c> with the snake_case keys of
/// docs/cli.md. Written by hand with Utf8JsonWriter (no reflection, NativeAOT-safe).</summary>
public static class CheckJsonWriter
{
    public static void Write(Stream stream, ConfigResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("diagnostics");
        foreach (var d in result.Diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("severity", d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
            w.WriteString("file", d.File);
            w.WriteNumber("line", d.Line);
            w.WriteNumber("column", d.Column);
            w.WriteString("code", d.Code);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("exit_code", result.ExitCode);
        if (result.Model is null)
            w.WriteNull("model");
        else
        {
            w.WritePropertyName("model");
            WriteModel(w, result.Model);
        }
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, VigilConfig m)
    {
        w.WriteStartObject();
        w.WriteString("config_id", m.ConfigId);
        w.WriteStartArray("files");
        foreach (var f in m.Files)
            w.WriteStringValue(f);
        w.WriteEndArray();
        WriteGlobal(w, m.Global);
        w.WriteStartArray("instances");
        foreach (var i in m.Instances)
            WriteInstance(w, i);
        w.WriteEndArray();
        w.WriteStartArray("scripts");
        foreach (var s in m.Scripts)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            Strings(w, "command", s.Command);
            w.WriteNumber("interval_ms", s.IntervalMs);
            w.WriteNumber("timeout_ms", s.TimeoutMs);
            w.WriteNumber("weight", s.Weight);
            w.WriteBoolean("reverse", s.Reverse);
            w.WriteNumber("rise", s.Rise);
            w.WriteNumber("fall", s.Fall);
            w.WriteString("user", s.User);
            w.WriteString("group", s.Group);
            w.WriteBoolean("init_fail", s.InitFail);
            w.WriteBoolean("tracked", s.Tracked);
            Location(w, s.Location);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("sync_groups");
        foreach (var g in m.SyncGroups)
        {
            w.WriteStartObject();
            w.WriteString("name", g.Name);
            Strings(w, "members", g.Members);
            Trackers(w, "track_scripts", g.TrackScripts);
            Trackers(w, "track_interfaces", g.TrackInterfaces);
            Command(w, "notify_master", g.NotifyMaster);
            Command(w, "notify_backup", g.NotifyBackup);
            Command(w, "notify_fault", g.NotifyFault);
            Command(w, "notify_stop", g.NotifyStop);
            Command(w, "notify", g.Notify);
            w.WriteBoolean("sync_group_tracking_weight", g.SyncGroupTrackingWeight);
            Location(w, g.Location);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("track_files");
        foreach (var f in m.TrackFiles)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("file", f.Path);
            w.WriteNumber("weight", f.Weight);
            w.WriteBoolean("reverse", f.Reverse);
            w.WriteBoolean("tracked", f.Tracked);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("track_processes");
        foreach (var p in m.TrackProcesses)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("process", p.Process);
            Strings(w, "parameters", p.Parameters);
            w.WriteNumber("quorum", p.Quorum);
            if (p.QuorumMax is { } qm)
                w.WriteNumber("quorum_max", qm);
            else
                w.WriteNull("quorum_max");
            w.WriteNumber("weight", p.Weight);
            w.WriteBoolean("reverse", p.Reverse);
            w.WriteBoolean("tracked", p.Tracked);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("ignored_sections");
        foreach (var s in m.IgnoredSections)
        {
            w.WriteStartObject();
            w.WriteString("keyword", s.Keyword);
            Strings(w, "arguments", s.Arguments);
            w.WriteString("file", s.File);
            w.WriteNumber("line", s.Line);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGlobal(Utf8JsonWriter w, GlobalDefs g)
    {
        w.WriteStartObject("global");
        w.WriteString("router_id", g.RouterId);
        w.WriteNumber("vrrp_version", g.VrrpVersion);
        w.WriteBoolean("vrrp_strict", g.Strict);
        w.WriteBoolean("enable_script_security", g.EnableScriptSecurity);
        w.WriteString("script_user", g.ScriptUser);
        w.WriteString("vrrp_mcast_group4", g.McastGroup4.ToString());
        w.WriteString("vrrp_mcast_group6", g.McastGroup6.ToString());
        w.WriteString("notify_fifo", g.NotifyFifo?.Path);
        w.WriteString("vrrp_notify_fifo", g.VrrpNotifyFifo?.Path);
        w.WriteNumber("vrrp_startup_delay_ms", g.StartupDelayMs);
        w.WriteNumber("vrrp_delay_after_boot_ms", g.DelayAfterBootMs);
        w.WriteBoolean("vrrp_fast_handover", g.VrrpFastHandover);
        w.WriteEndObject();
    }

    private static void WriteInstance(Utf8JsonWriter w, VrrpInstanceConfig i)
    {
        w.WriteStartObject();
        w.WriteString("name", i.Name);
        w.WriteNumber("vrid", i.Vrid);
        w.WriteString("interface", i.Interface);
        w.WriteString("family", Operations.Status.StatusNames.Family(i.Family));
        w.WriteNumber("version", i.Version);
        w.WriteString("state", i.ConfiguredState == VrrpState.Master ? "MASTER" : "BACKUP");
        w.WriteNumber("priority", i.Priority);
        w.WriteNumber("advert_int_ms", i.AdvertIntervalMs);
        w.WriteBoolean("preempt", i.Preempt);
        w.WriteNumber("preempt_delay_ms", i.PreemptDelayMs);
        w.WriteString("auth_type", i.AuthType switch { AuthType.Pass => "PASS", AuthType.Ah => "AH", _ => "none" });
        Vips(w, "virtual_ipaddresses", i.VirtualIpAddresses);
        Vips(w, "virtual_ipaddresses_excluded", i.VirtualIpAddressesExcluded);
        w.WriteString("unicast_src_ip", i.UnicastSrcIp?.ToString());
        w.WriteStartArray("unicast_peers");
        foreach (var p in i.UnicastPeers)
            w.WriteStringValue(p.Address.ToString());
        w.WriteEndArray();
        w.WriteString("mcast_dst_ip", i.McastDstIp.ToString());
        Trackers(w, "track_scripts", i.TrackScripts);
        Trackers(w, "track_interfaces", i.TrackInterfaces);
        Trackers(w, "track_files", i.TrackFiles);
        Trackers(w, "track_processes", i.TrackProcesses);
        w.WriteBoolean("dont_track_primary", i.DontTrackPrimary);
        w.WriteNumber("garp_master_delay_ms", i.GarpMasterDelayMs);
        w.WriteNumber("garp_master_repeat", i.GarpMasterRepeat);
        w.WriteNumber("garp_master_refresh_ms", i.GarpMasterRefreshMs);
        w.WriteBoolean("accept", i.Accept);
        w.WriteBoolean("strict", i.Strict);
        w.WriteNumber("down_timer_adverts", i.DownTimerAdverts);
        Command(w, "notify_master", i.NotifyMaster);
        Command(w, "notify_backup", i.NotifyBackup);
        Command(w, "notify_fault", i.NotifyFault);
        Command(w, "notify_stop", i.NotifyStop);
        Command(w, "notify", i.Notify);
        Command(w, "notify_master_rx_lower_pri", i.NotifyMasterRxLowerPri);
        w.WriteString("sync_group", i.SyncGroup);
        Location(w, i.Location);
        w.WriteEndObject();
    }

    private static void Vips(Utf8JsonWriter w, string name, IReadOnlyList<VirtualIpAddress> vips)
    {
        w.WriteStartArray(name);
        foreach (var v in vips)
        {
            w.WriteStartObject();
            w.WriteString("address", v.Address.ToString());
            w.WriteNumber("prefix", v.Prefix);
            w.WriteString("broadcast", v.Broadcast?.ToString());
            // The resolved device, as keepalived's dump shows it; dev_configured is the one written, if any.
            w.WriteString("dev", v.ResolvedDev ?? v.Dev);
            w.WriteString("dev_configured", v.Dev);
            w.WriteString("scope", v.Scope);
            w.WriteString("label", v.Label);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Trackers(Utf8JsonWriter w, string name, IReadOnlyList<TrackerRef> list)
    {
        w.WriteStartArray(name);
        foreach (var t in list)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteNumber("weight", t.Weight);
            w.WriteBoolean("reverse", t.Reverse);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Command(Utf8JsonWriter w, string name, ScriptCommand? c)
    {
        if (c is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        Strings(w, "command", c.Argv);
        w.WriteString("user", c.User);
        w.WriteString("group", c.Group);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void Location(Utf8JsonWriter w, SourceLocation at)
    {
        w.WriteString("file", at.File);
        w.WriteNumber("line", at.Line);
    }
}
