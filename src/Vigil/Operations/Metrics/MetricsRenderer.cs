using System.Globalization;
using System.Text;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;
using Vigil.Linux.Mail;
using Vigil.Operations.Status;

namespace Vigil.Operations.Metrics;

/// <summary>The <c>/metrics</c> page: keepalived-exporter's names (so existing dashboards keep working) and Vigil's
/// own (docs/metrics.md). Labels identify things, never their state: an instance's series keep their identity across
/// MASTER/BACKUP changes (the exporter's <c>state</c> label on counters is deliberately not copied).</summary>
public static class MetricsRenderer
{
    // Counter families keyed by the status document's drop reason names (keepalived's SIGUSR2 counters).
    private static readonly (string Metric, string Help, string DropReason)[] DropFamilies =
    [
        ("keepalived_ip_ttl_errors_total", "Adverts rejected for a TTL/hop limit other than 255", "ttl"),
        ("keepalived_packet_length_errors_total", "Adverts rejected for a bad length", "packet_length"),
        ("keepalived_address_list_errors_total", "Adverts whose virtual address list differs from " +
            "ours", "address_list"),
        ("keepalived_authentication_failure_total", "Adverts failing authentication", "auth_failure"),
        ("keepalived_authentication_invalid_total", "Adverts with an invalid authentication type", "auth_type_invalid"),
        ("keepalived_authentication_mismatch_total", "Adverts with another authentication type than " +
            "ours", "auth_type_mismatch"),
        ("keepalived_invalid_type_received_total", "Packets of a VRRP type other than advertisement", "invalid_type"),
        ("keepalived_advertisements_interval_errors_total", "Adverts with another interval than " +
            "ours", "interval_mismatch"),
        // Drop reasons keepalived has no counter for; until these were here they showed only in status --json.
        ("vigil_vrrp_checksum_errors_total", "Adverts rejected for a bad checksum", "checksum"),
        ("vigil_vrrp_version_errors_total", "Adverts of an unknown VRRP version or not the configured one", "version"),
        ("vigil_vrrp_vrid_errors_total", "Adverts rejected for another VRID than the instance's", "vrid"),
        ("vigil_vrrp_destination_errors_total", "Multicast adverts for a unicast instance or unicast ones for a " +
            "multicast instance", "destination"),
        ("vigil_vrrp_unicast_source_errors_total", "Adverts from a source that is not a configured unicast " +
            "peer", "unicast_source"),
        ("vigil_vrrp_ip_header_errors_total", "Packets with a malformed IP header", "ip_header"),
        // auth_hmac (keepalived 2.4's auth_ext_* counters).
        ("vigil_vrrp_auth_hmac_missing_total", "auth_hmac enforce: adverts without a trailer", "auth_ext_missing"),
        ("vigil_vrrp_auth_hmac_malformed_total", "auth_hmac: adverts with a malformed trailer", "auth_ext_malformed"),
        ("vigil_vrrp_auth_hmac_unknown_key_total", "auth_hmac: adverts signed with a key id not configured " +
            "here", "auth_ext_unknown_key"),
        ("vigil_vrrp_auth_hmac_invalid_total", "auth_hmac: adverts whose HMAC does not " +
            "verify", "auth_ext_invalid_hmac"),
        ("vigil_vrrp_auth_hmac_stale_total", "auth_hmac anti_replay time: adverts outside the freshness " +
            "window", "auth_ext_stale"),
        ("vigil_vrrp_auth_hmac_replay_total", "auth_hmac: adverts whose sequence was not after the last accepted " +
            "one", "auth_ext_replay"),
    ];

    // One sample per instance each, in this order: keepalived-exporter's counters, the drop reasons, Vigil's own.
    private delegate double Figure(in InstanceFigures f);

    private static readonly (string Metric, string Help, Figure Value)[] CounterFamilies =
    [
        ("keepalived_advertisements_received_total", "Advertisements received",
            (in InstanceFigures c) => c.AdvertsReceived),
        ("keepalived_advertisements_sent_total", "Advertisements sent", (in InstanceFigures c) => c.AdvertsSent),
        ("keepalived_become_master_total", "Became master", (in InstanceFigures c) => c.BecomeMaster),
        ("keepalived_release_master_total", "Released master", (in InstanceFigures c) => c.ReleaseMaster),
        ("keepalived_priority_zero_received_total", "Priority zero received",
            (in InstanceFigures c) => c.PriorityZeroReceived),
        ("keepalived_priority_zero_sent_total", "Priority zero sent", (in InstanceFigures c) => c.PriorityZeroSent),
        .. DropFamilies.Select(f => (f.Metric, f.Help, DroppedFor(f.DropReason))),
        ("vigil_vrrp_lower_priority_answers_suppressed_total",
            "Lower-priority adverts a master left unanswered (at most one answer per advert interval)",
            (in InstanceFigures c) => c.LowerPriorityAnswersSuppressed),
        ("vigil_vrrp_fast_handovers_total",
            "Times a backup shortened its timer because the master it follows advertised a lower priority",
            (in InstanceFigures c) => c.FastHandovers),
        ("vigil_vrrp_vips_restored_total", "VIPs the kernel removed while the instance was master, added back",
            (in InstanceFigures c) => c.VipsRestored),
        ("vigil_log_lines_suppressed_total", "Protocol log lines refused by the instance's log rate limit",
            (in InstanceFigures c) => c.LogLinesSuppressed),
        ("vigil_vrrp_auth_hmac_verified_total", "auth_hmac: adverts accepted with a verified trailer",
            (in InstanceFigures c) => c.AuthHmacVerified),
        ("vigil_vrrp_auth_hmac_unsigned_accepted_total",
            "auth_hmac permissive or receive-only: adverts accepted without a trailer",
            (in InstanceFigures c) => c.AuthHmacUnsignedAccepted),
    ];

    private static readonly (string Metric, string Help, Figure Value)[] PriorityFamilies =
    [
        ("vigil_vrrp_base_priority", "Configured priority of the instance", (in InstanceFigures i) => i.BasePriority),
        ("vigil_vrrp_effective_priority", "Priority after trackers and clamping, as advertised",
            (in InstanceFigures i) => i.EffectivePriority),
    ];

    private static Figure DroppedFor(string reason) =>
        (in InstanceFigures c) => c.Dropped.TryGetValue(reason, out var n) ? n : 0;

    public static string Render(
        StatusSnapshot snapshot,
        ScriptRunRecorder? scriptRuns = null,
        MailAlertStats mail = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var page = new MetricsPage();
        Render(page, snapshot, scriptRuns, mail);
        return page.ToString();
    }

    /// <summary>Appends the page to <paramref name="text"/>, which the caller may extend (the runtime's figures) before
    /// sending it.</summary>
    public static void Render(MetricsPage text, StatusSnapshot snapshot, ScriptRunRecorder? scriptRuns = null,
        MailAlertStats mail = default)
    {
        foreach (var _ in Write(text, snapshot, scriptRuns, mail))
        {
            // Each step has written into the page already.
        }
    }

    /// <summary>The page of a full snapshot (its instances' status records), in steps as below.</summary>
    public static IEnumerable<MetricsPage> Write(MetricsPage page, StatusSnapshot snapshot,
        ScriptRunRecorder? scriptRuns = null, MailAlertStats mail = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var figures = new FiguresBuffer();
        figures.CopyFrom(snapshot.Engine.Instances);
        return Write(page, snapshot, figures, scriptRuns, mail);
    }

    /// <summary>Writes the page into <paramref name="page"/> in steps: the page is yielded after each family and
    /// after each instance's samples, where the text written so far is whole lines, so the caller may send what it
    /// holds and clear it (MetricsHttpServer) before the next step. The page is never longer than one step past the
    /// caller's limit, whatever the number of instances. The instances are <paramref name="figures"/>'; the rest
    /// (scripts, processes, the engine's counters) comes from <paramref name="snapshot"/>.</summary>
    public static IEnumerable<MetricsPage> Write(MetricsPage page, StatusSnapshot snapshot, FiguresBuffer figures,
        ScriptRunRecorder? scriptRuns = null, MailAlertStats mail = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(figures);
        return Steps(page, snapshot, figures, scriptRuns, mail);
    }

    private static IEnumerable<MetricsPage> Steps(MetricsPage page, StatusSnapshot snapshot, FiguresBuffer figures,
        ScriptRunRecorder? scriptRuns, MailAlertStats mail)
    {
        var w = new PrometheusTextWriter(page);

        w.Family("keepalived_up", MetricType.Gauge, "Status");
        w.Sample(snapshot.Engine.Stopped ? 0 : 1);

        w.Family("keepalived_vrrp_state", MetricType.Gauge, "State of vrrp (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT)");
        for (var n = 0; n < figures.Count; n++)
        {
            StateSamples(w, figures[n]);
            yield return page;
        }

        foreach (var (metric, help, value) in CounterFamilies)
        {
            foreach (var step in InstanceFamily(w, page, figures, metric, MetricType.Counter, help, value))
                yield return step;
        }

        w.Family("keepalived_script_status", MetricType.Gauge, "Tracker Script Status (1 OK, 0 KO or not yet known)");
        foreach (var s in snapshot.Engine.Scripts)
            w.Sample(s.State == ScriptState.Ok ? 1 : 0, ("name", s.Name));
        yield return page;

        foreach (var (metric, help, value) in PriorityFamilies)
        {
            foreach (var step in InstanceFamily(w, page, figures, metric, MetricType.Gauge, help, value))
                yield return step;
        }
        w.Family(
            "vigil_tracker_contribution",
            MetricType.Gauge,
            "What each tracker adds to the instance's priority now");
        for (var n = 0; n < figures.Count; n++)
        {
            TrackerSamples(w, figures[n]);
            yield return page;
        }
        w.Family(
            "vigil_track_process_up",
            MetricType.Gauge,
            "1 while a vrrp_track_process holds its quorum, 0 otherwise");
        foreach (var p in snapshot.Engine.Processes)
            w.Sample(p.Up ? 1 : 0, ("name", p.Name));
        w.Family("vigil_track_process_running", MetricType.Gauge, "Running processes matching a vrrp_track_process");
        foreach (var p in snapshot.Engine.Processes)
            w.Sample(p.Count, ("name", p.Name));
        w.Family(
            "vigil_vrrp_last_transition_timestamp_seconds",
            MetricType.Gauge,
            "Unix time of the instance's last state change");
        for (var n = 0; n < figures.Count; n++)
        {
            var at = snapshot.ToWall(figures[n].LastTransitionAt).ToUnixTimeMilliseconds() / 1000.0;
            InstanceSample(w, Math.Round(at, 3), figures[n]);
            yield return page;
        }

        var recorder = scriptRuns ?? new ScriptRunRecorder();
        w.Family(
            "vigil_script_runs_total",
            MetricType.Counter,
            "Completed script runs by result (success, failure, timeout, error)");
        foreach (var s in snapshot.Engine.Scripts)
        {
            var (runs, _) = recorder.Snapshot(s.Name);
            for (var r = 0; r < ScriptRunRecorder.Results.Length; r++)
                w.Sample(runs[r], ("name", s.Name), ("result", ScriptRunRecorder.Results[r]));
            yield return page;
        }
        w.Family("vigil_script_duration_seconds", MetricType.Histogram, "How long script runs took");
        foreach (var s in snapshot.Engine.Scripts)
        {
            w.HistogramSample(recorder.Snapshot(s.Name).Durations, ("name", s.Name));
            yield return page;
        }

        w.Family("vigil_invariant_violations_total", MetricType.Counter,
            "State changes that broke an invariant (VIPs iff MASTER, timer armed, priority 1..255): a bug, also " +
            "logged");
        w.Sample(snapshot.Engine.InvariantViolations);

        var vmacs = snapshot.Vmacs ?? [];
        w.Family("vigil_vmac_present", MetricType.Gauge, "1 while the VMAC interface (use_vmac) exists, 0 otherwise");
        foreach (var v in vmacs)
            w.Sample(v.IfIndex > 0 ? 1 : 0, ("name", v.Name), ("iname", v.Instance));
        w.Family("vigil_vmac_errors_total", MetricType.Counter,
            "Failures creating, configuring or deleting a VMAC interface (use_vmac); the log has each one");
        foreach (var v in vmacs)
            w.Sample(v.Errors, ("name", v.Name), ("iname", v.Instance));
        yield return page;
        w.Family("vigil_route_failures_total", MetricType.Counter,
            "Route and rule changes (virtual_routes, virtual_rules, static_routes, static_rules) the kernel refused, " +
            "also logged");
        w.Sample(snapshot.Engine.RouteFailures);
        w.Family("vigil_route_deletions_total", MetricType.Counter,
            "Tracked routes and rules deleted by someone else: a MASTER's virtual ones (it left MASTER to re-install " +
            "them) and static ones (restored)");
        w.Sample(snapshot.Engine.RouteDeletions);

        w.Family("vigil_mail_alerts_total", MetricType.Counter,
            "Mail alerts (smtp_alert) by result: sent, failed (connect, SMTP or timeout error), dropped (queue full " +
            "or shutdown)");
        w.Sample(mail.Sent, ("result", "sent"));
        w.Sample(mail.Failed, ("result", "failed"));
        w.Sample(mail.Dropped, ("result", "dropped"));
        w.Family("vigil_mail_alerts_queued", MetricType.Gauge, "Mail alerts waiting to be sent");
        w.Sample(mail.Queued);
        FirewallMetrics(w, snapshot.Firewall);
        yield return page;
    }

    // One family with a sample per instance, a step after each.
    private static IEnumerable<MetricsPage> InstanceFamily(PrometheusTextWriter w, MetricsPage page,
        FiguresBuffer figures, string metric, MetricType type, string help, Figure value)
    {
        w.Family(metric, type, help);
        for (var n = 0; n < figures.Count; n++)
        {
            InstanceSample(w, value(figures[n]), figures[n]);
            yield return page;
        }
    }

    /// <summary>no_accept's nftables tables (docs/firewall.md), only when the daemon keeps them.</summary>
    private static void FirewallMetrics(PrometheusTextWriter w, Status.FirewallView? firewall)
    {
        if (firewall is null)
            return;
        w.Family(
            "vigil_firewall_writes_total",
            MetricType.Counter,
            "nft runs that wrote the no_accept tables, by result (ok, failed)");
        w.Sample(firewall.Writes - firewall.Failures, ("result", "ok"));
        w.Sample(firewall.Failures, ("result", "failed"));
        w.Family("vigil_firewall_dropped_addresses", MetricType.Gauge, "Addresses in the no_accept drop sets now");
        w.Sample(firewall.Dropped.Count);
    }

    /// <summary>keepalived-exporter's numbering; STOP (only while shutting down) reads as INIT: not serving.</summary>
    public static int StateValue(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        _ => 0,
    };

    // VRIDs are 1..255: their texts are made once instead of once per sample.
    private static readonly string[] VridTexts =
        Enumerable.Range(0, 256).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();

    private static string Vrid(in InstanceFigures i) => VridTexts[i.Vrid];

    // The labels that identify an instance, passed on the stack (no array per sample).
    private static void InstanceSample(PrometheusTextWriter w, double value, in InstanceFigures i) =>
        w.Sample(value, ("iname", i.Name), ("intf", i.Interface), ("vrid", Vrid(i)));

    // One sample per VIP (one with an empty ip_address when there is none), as keepalived-exporter writes it.
    private static void StateSamples(PrometheusTextWriter w, in InstanceFigures i)
    {
        var state = StateValue(i.State);
        if (i.VirtualIpAddresses.Count == 0)
            w.Sample(state, ("iname", i.Name), ("intf", i.Interface), ("vrid", Vrid(i)), ("ip_address", ""));
        // By index: a foreach over the interface would allocate an enumerator for every instance.
        var vips = i.VirtualIpAddresses;
        for (var v = 0; v < vips.Count; v++)
            w.Sample(state, ("iname", i.Name), ("intf", i.Interface), ("vrid", Vrid(i)), ("ip_address", vips[v]));
    }

    private static void TrackerSamples(PrometheusTextWriter w, in InstanceFigures i)
    {
        foreach (var t in i.Trackers)
            w.Sample(t.Contribution, ("iname", i.Name), ("kind", t.Kind), ("name", t.Name));
    }
}
