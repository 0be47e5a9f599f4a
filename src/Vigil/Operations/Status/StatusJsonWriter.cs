using System.Buffers;
using System.Text.Json;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Status;

namespace Vigil.Operations.Status;

/// <summary>Writes <c>vigil status --json</c> exactly as docs/status-json.md lays it out, and the richer document behind
/// <c>--explain</c>. Written by hand with Utf8JsonWriter: no reflection, so the native build stays trim-safe.</summary>
public static class StatusJsonWriter
{
    public static byte[] Status(StatusSnapshot snapshot, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Write(indented, w =>
        {
            w.WriteStartObject();
            WriteDaemon(w, snapshot);
            w.WriteStartArray("instances");
            foreach (var instance in snapshot.Engine.Instances)
            {
                w.WriteStartObject();
                WriteInstanceFields(w, snapshot, instance, explain: false);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("scripts");
            foreach (var script in snapshot.Engine.Scripts)
                WriteScript(w, script, explain: false);
            w.WriteEndArray();
            w.WriteStartArray("processes");
            foreach (var process in snapshot.Engine.Processes)
                WriteProcess(w, snapshot, process);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The explain document for one instance: its status fields plus everything that decides its priority
    /// and state, the scripts it tracks, and the daemon header. Null when no instance has that name.</summary>
    public static byte[]? Explain(StatusSnapshot snapshot, string instanceName, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var instance = snapshot.Engine.Instances.FirstOrDefault(i => i.Name == instanceName);
        if (instance is null)
            return null;
        return Write(indented, w =>
        {
            w.WriteStartObject();
            WriteDaemon(w, snapshot);
            w.WriteStartObject("instance");
            WriteInstanceFields(w, snapshot, instance, explain: true);
            w.WriteEndObject();
            w.WriteStartArray("scripts");
            foreach (var script in snapshot.Engine.Scripts)
            {
                if (instance.Trackers.Any(t => t.Kind == "script" && t.Name == script.Name))
                    WriteScript(w, script, explain: true);
            }
            w.WriteEndArray();
            w.WriteStartArray("processes");
            foreach (var process in snapshot.Engine.Processes)
            {
                if (instance.Trackers.Any(t => t.Kind == "process" && t.Name == process.Name))
                    WriteProcess(w, snapshot, process);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static byte[] Write(bool indented, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            body(w);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDaemon(Utf8JsonWriter w, StatusSnapshot s)
    {
        w.WriteStartObject("daemon");
        w.WriteString("version", s.Daemon.Version);
        w.WriteNumber("pid", s.Daemon.Pid);
        w.WriteString("config", s.Daemon.ConfigPath);
        w.WriteString("started_at", StatusNames.Time(s.Daemon.StartedAt));
        if (s.Engine.ConfigLoadedAt is { } loaded)
            w.WriteString("config_loaded_at", StatusNames.Time(s.ToWall(loaded)));
        else
            w.WriteNull("config_loaded_at");
        w.WriteEndObject();
    }

    private static void WriteInstanceFields(Utf8JsonWriter w, StatusSnapshot s, InstanceStatus i, bool explain)
    {
        w.WriteString("name", i.Name);
        w.WriteString("state", StatusNames.State(i.State));
        w.WriteNumber("vrid", i.Vrid);
        w.WriteString("interface", i.Interface);
        w.WriteString("family", StatusNames.Family(i.Family));
        w.WriteNumber("version", i.Version);
        w.WriteNumber("base_priority", i.BasePriority);
        w.WriteNumber("effective_priority", i.EffectivePriority);
        w.WriteNumber("advert_interval_ms", i.AdvertIntervalMs);
        w.WriteNumber("master_down_interval_ms", i.MasterDownIntervalMs);
        if (i.MasterAddress is { } master)
            w.WriteString("master_address", master.ToString());
        else
            w.WriteNull("master_address");
        w.WriteString("last_transition_at", StatusNames.Time(s.ToWall(i.LastTransitionAt)));
        w.WriteStartArray("virtual_ipaddresses");
        foreach (var vip in i.VirtualIpAddresses)
            w.WriteStringValue(vip);
        w.WriteEndArray();
        w.WriteStartArray("fault_reasons");
        foreach (var reason in i.FaultReasons)
            w.WriteStringValue(reason);
        w.WriteEndArray();
        w.WriteStartArray("trackers");
        foreach (var t in i.Trackers)
        {
            w.WriteStartObject();
            w.WriteString("kind", t.Kind);
            w.WriteString("name", t.Name);
            w.WriteString("state", t.State);
            w.WriteNumber("weight", t.Weight);
            w.WriteBoolean("reverse", t.Reverse);
            w.WriteNumber("contribution", t.Contribution);
            if (explain)
            {
                w.WriteBoolean("faulting", t.Faulting);
                if (t.FromSyncGroup is { } group)
                    w.WriteString("from_sync_group", group);
                else
                    w.WriteNull("from_sync_group");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteCounters(w, i.Counters);
        if (!explain)
            return;
        w.WriteNumber("total_priority", i.TotalPriority);
        if (i.Clamp is { } clamp)
            w.WriteString("clamp", clamp);
        else
            w.WriteNull("clamp");
        w.WriteString("reason", i.Reason);
        w.WriteBoolean("preempt", i.Preempt);
        w.WriteNumber("preempt_delay_ms", i.PreemptDelayMs);
        if (i.PreemptDelayUntil is { } until && until > s.Now)
            w.WriteNumber("preempt_delay_remaining_ms", (long)(until - s.Now).TotalMilliseconds);
        else
            w.WriteNull("preempt_delay_remaining_ms");
        if (i.MasterPriority is { } mp)
            w.WriteNumber("master_priority", mp);
        else
            w.WriteNull("master_priority");
        w.WriteBoolean("want_master", i.WantMaster);
        w.WriteBoolean("address_owner", i.IsAddressOwner);
        if (i.SyncGroup is { } sg)
        {
            w.WriteString("sync_group", sg);
            var group = s.Engine.SyncGroups.FirstOrDefault(g => g.Name == sg);
            if (group is not null)
                w.WriteString("sync_group_state", StatusNames.State(group.State));
        }
        else
            w.WriteNull("sync_group");
        w.WriteBoolean("fast_handover", i.FastHandover);
        w.WriteNumber("master_advert_interval_ms", i.MasterAdvertIntervalMs);
        w.WriteNumber("skew_time_ms", i.SkewTimeMs);
        if (!i.NextTimer.IsNever && i.NextTimer > s.Now)
            w.WriteNumber("next_timer_ms", (long)(i.NextTimer - s.Now).TotalMilliseconds);
        else
            w.WriteNull("next_timer_ms");
    }

    private static void WriteCounters(Utf8JsonWriter w, InstanceCounters c)
    {
        w.WriteStartObject("counters");
        w.WriteNumber("adverts_received", c.AdvertsReceived);
        w.WriteNumber("adverts_sent", c.AdvertsSent);
        w.WriteNumber("become_master", c.BecomeMaster);
        w.WriteNumber("release_master", c.ReleaseMaster);
        w.WriteNumber("priority_zero_received", c.PriorityZeroReceived);
        w.WriteNumber("priority_zero_sent", c.PriorityZeroSent);
        w.WriteNumber("lower_priority_answers_suppressed", c.LowerPriorityAnswersSuppressed);
        w.WriteNumber("fast_handovers", c.FastHandovers);
        w.WriteNumber("vips_restored", c.VipsRestored);
        w.WriteNumber("log_lines_suppressed", c.LogLinesSuppressed);
        // Every known reason, zero or not, so a consumer never has to guess whether a key is missing or zero.
        w.WriteStartObject("dropped");
        foreach (var reason in DropReasonNames.All)
        {
            var name = reason.MetricName();
            w.WriteNumber(name, c.Dropped.TryGetValue(name, out var n) ? n : 0);
        }
        foreach (var (name, n) in c.Dropped)
        {
            if (!DropReasonNames.All.Any(r => r.MetricName() == name))
                w.WriteNumber(name, n);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteScript(Utf8JsonWriter w, ScriptStatus s, bool explain)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteString("state", StatusNames.Script(s.State));
        w.WriteNumber("result", s.Result);
        w.WriteNumber("rise", s.Rise);
        w.WriteNumber("fall", s.Fall);
        w.WriteNumber("runs", s.Runs);
        if (s.LastExitStatus is { } exit)
            w.WriteNumber("last_exit_status", exit);
        else
            w.WriteNull("last_exit_status");
        if (s.LastDurationMs is { } ms)
            w.WriteNumber("last_duration_ms", ms);
        else
            w.WriteNull("last_duration_ms");
        if (explain)
        {
            if (s.LastOutcome is { } outcome)
                w.WriteString("last_outcome", outcome);
            else
                w.WriteNull("last_outcome");
            w.WriteBoolean("running", s.Running);
            w.WriteNumber("interval_ms", s.IntervalMs);
            w.WriteNumber("timeout_ms", s.TimeoutMs);
        }
        w.WriteEndObject();
    }

    private static void WriteProcess(Utf8JsonWriter w, StatusSnapshot s, ProcessTrackerStatus p)
    {
        w.WriteStartObject();
        w.WriteString("name", p.Name);
        w.WriteString("state", p.Up ? "UP" : "DOWN");
        w.WriteNumber("count", p.Count);
        w.WriteNumber("quorum", p.Quorum);
        if (p.QuorumMax is { } max)
            w.WriteNumber("quorum_max", max);
        else
            w.WriteNull("quorum_max");
        w.WriteNumber("fork_delay_ms", p.ForkDelayMs);
        w.WriteNumber("terminate_delay_ms", p.TerminateDelayMs);
        if (p.PendingUntil is { } until)
            w.WriteNumber("pending_ms", Math.Max(0, (long)(until - s.Now).TotalMilliseconds));
        else
            w.WriteNull("pending_ms");
        w.WriteEndObject();
    }
}
