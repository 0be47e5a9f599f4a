using Vigil.Core.Protocol;
using Vigil.Engine.Events;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

public sealed class MetricsRendererTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Every_spec_family_is_present_with_help_and_type()
    {
        var text = MetricsRenderer.Render(Fixtures.Snapshot());

        string[] families =
        [
            "keepalived_up gauge", "keepalived_vrrp_state gauge", "keepalived_advertisements_received_total counter",
            "keepalived_advertisements_sent_total counter", "keepalived_become_master_total counter",
            "keepalived_release_master_total counter", "keepalived_ip_ttl_errors_total counter",
            "keepalived_packet_length_errors_total counter", "keepalived_address_list_errors_total counter",
            "keepalived_authentication_failure_total counter", "keepalived_priority_zero_received_total counter",
            "keepalived_priority_zero_sent_total counter", "keepalived_script_status gauge",
            "vigil_vrrp_base_priority gauge", "vigil_vrrp_effective_priority gauge", "vigil_tracker_contribution gauge",
            "vigil_vrrp_last_transition_timestamp_seconds gauge", "vigil_script_runs_total counter",
            "vigil_script_duration_seconds histogram",
        ];
        foreach (var family in families)
        {
            Assert.Contains($"# TYPE {family}\n", text, StringComparison.Ordinal);
            Assert.Contains($"# HELP {family.Split(' ')[0]} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Samples_carry_the_exporter_labels_and_values()
    {
        var lines = Lines(MetricsRenderer.Render(Fixtures.Snapshot()));

        Assert.Contains("keepalived_up 1", lines);
        Assert.Contains(
            "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"198.51.100.1/24\"} 1",
            lines);
        Assert.Contains(
            "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\",ip_address=\"198.51.100.2/24\"} 2",
            lines);
        Assert.Contains(
            "keepalived_vrrp_state{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\",ip_address=\"198.51.100.3/32\"} 2",
            lines);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_3\",intf=\"eth0\",vrid=\"53\",ip_address=\"\"} 3", lines);
        Assert.Contains("keepalived_advertisements_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 42", lines);
        Assert.Contains("keepalived_ip_ttl_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 3", lines);
        Assert.Contains("keepalived_advertisements_sent_total{iname=\"VI_2\",intf=\"eth0\",vrid=\"52\"} 600", lines);
        Assert.Contains("keepalived_script_status{name=\"chk_app\"} 0", lines);
        Assert.Contains("vigil_vrrp_base_priority{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 100", lines);
        Assert.Contains("vigil_vrrp_effective_priority{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 80", lines);
        Assert.Contains("vigil_tracker_contribution{iname=\"VI_1\",kind=\"script\",name=\"chk_app\"} -20", lines);
        Assert.Contains("vigil_track_process_up{name=\"tp_haproxy\"} 1", lines);
        Assert.Contains("vigil_track_process_running{name=\"tp_haproxy\"} 0", lines);
        // 2026-01-01T00:09:55Z
        Assert.Contains(
            "vigil_vrrp_last_transition_timestamp_seconds{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 1767226195",
            lines);
    }

    [Fact]
    public void Labels_do_not_change_when_the_state_does()
    {
        var backup = Fixtures.Backup();
        var before = MetricsRenderer.Render(Fixtures.Snapshot(backup));
        var after = MetricsRenderer.Render(
            Fixtures.Snapshot(backup with { State = Vigil.Core.Primitives.VrrpState.Master, EffectivePriority = 100 }));

        static IEnumerable<string> Series(string text) =>
            Lines(text).Where(l => !l.StartsWith('#')).Select(l => l[..l.LastIndexOf(' ')]);
        Assert.Equal(Series(before), Series(after));
    }

    [Fact]
    public void Script_runs_are_counted_by_result_and_timed()
    {
        var runs = new ScriptRunRecorder();
        runs.Record(ScriptCompletion.Exit("chk_app", 1, 0, TimeSpan.FromMilliseconds(3)));
        runs.Record(ScriptCompletion.Exit("chk_app", 2, 1, TimeSpan.FromMilliseconds(20)));
        runs.Record(new ScriptCompletion("chk_app", 3, ScriptOutcome.TimedOut, 0, 0, TimeSpan.FromSeconds(2)));
        runs.Record(new ScriptCompletion("chk_app", 4, ScriptOutcome.CouldNotStart, 0, 0, TimeSpan.Zero));

        var lines = Lines(MetricsRenderer.Render(Fixtures.Snapshot(), runs));

        Assert.Contains("vigil_script_runs_total{name=\"chk_app\",result=\"success\"} 1", lines);
        Assert.Contains("vigil_script_runs_total{name=\"chk_app\",result=\"failure\"} 1", lines);
        Assert.Contains("vigil_script_runs_total{name=\"chk_app\",result=\"timeout\"} 1", lines);
        Assert.Contains("vigil_script_runs_total{name=\"chk_app\",result=\"error\"} 1", lines);
        Assert.Contains("vigil_script_duration_seconds_bucket{name=\"chk_app\",le=\"0.005\"} 2", lines);
        Assert.Contains("vigil_script_duration_seconds_bucket{name=\"chk_app\",le=\"0.025\"} 3", lines);
        Assert.Contains("vigil_script_duration_seconds_bucket{name=\"chk_app\",le=\"+Inf\"} 4", lines);
        Assert.Contains("vigil_script_duration_seconds_count{name=\"chk_app\"} 4", lines);
    }

    [Fact]
    public void Mail_alerts_are_counted_by_result_and_zero_from_the_start()
    {
        var zero = Lines(MetricsRenderer.Render(Fixtures.Snapshot()));
        Assert.Contains("vigil_mail_alerts_total{result=\"failed\"} 0", zero);
        Assert.Contains("vigil_mail_alerts_queued 0", zero);

        var lines = Lines(
            MetricsRenderer.Render(Fixtures.Snapshot(), mail: new Vigil.Linux.Mail.MailAlertStats(3, 2, 1, 4)));
        Assert.Contains("# TYPE vigil_mail_alerts_total counter", lines);
        Assert.Contains("vigil_mail_alerts_total{result=\"sent\"} 3", lines);
        Assert.Contains("vigil_mail_alerts_total{result=\"failed\"} 2", lines);
        Assert.Contains("vigil_mail_alerts_total{result=\"dropped\"} 1", lines);
        Assert.Contains("vigil_mail_alerts_queued 4", lines);
    }

    [Fact]
    public void A_script_that_never_ran_has_zero_series_from_the_start()
    {
        var lines = Lines(MetricsRenderer.Render(Fixtures.Snapshot()));

        Assert.Contains("vigil_script_runs_total{name=\"chk_app\",result=\"success\"} 0", lines);
        Assert.Contains("vigil_script_duration_seconds_count{name=\"chk_app\"} 0", lines);
    }

    [Fact]
    public void A_stopping_daemon_reports_down()
    {
        var s = Fixtures.Snapshot();
        var lines = Lines(MetricsRenderer.Render(s with { Engine = s.Engine with { Stopped = true } }));

        Assert.Contains("keepalived_up 0", lines);
    }
}

public sealed class MetricsRendererDropCounterTests
{
    [Fact]
    public void Every_drop_reason_in_the_status_document_is_exported_with_its_count()
    {
        var dropped = new Dictionary<string, long>
        {
            ["checksum"] = 7, ["version"] = 8, ["vrid"] = 9, ["destination"] = 10, ["unicast_source"] = 11,
            ["ip_header"] = 12,
        };
        var instance = Fixtures.Backup() with
        {
            Counters = Fixtures.Counters(dropped: dropped) with
            {
                LowerPriorityAnswersSuppressed = 13, LogLinesSuppressed = 14, FastHandovers = 15,
            },
        };
        var lines = MetricsRenderer.Render(Fixtures.Snapshot(instance)).Split('\n');

        string Sample(string metric) => Assert.Single(lines, l => l.StartsWith(metric + "{", StringComparison.Ordinal));
        Assert.EndsWith(" 7", Sample("vigil_vrrp_checksum_errors_total"));
        Assert.EndsWith(" 8", Sample("vigil_vrrp_version_errors_total"));
        Assert.EndsWith(" 9", Sample("vigil_vrrp_vrid_errors_total"));
        Assert.EndsWith(" 10", Sample("vigil_vrrp_destination_errors_total"));
        Assert.EndsWith(" 11", Sample("vigil_vrrp_unicast_source_errors_total"));
        Assert.EndsWith(" 12", Sample("vigil_vrrp_ip_header_errors_total"));
        Assert.EndsWith(" 13", Sample("vigil_vrrp_lower_priority_answers_suppressed_total"));
        Assert.EndsWith(" 14", Sample("vigil_log_lines_suppressed_total"));
        Assert.EndsWith(" 15", Sample("vigil_vrrp_fast_handovers_total"));

        // Every reason the status document lists has a metric family.
        var text = string.Join('\n', lines);
        foreach (var reason in DropReasonNames.All)
        {
            Assert.Contains($"{reason.MetricName()}\"", DropReasonsIn(text), StringComparison.Ordinal);
        }
    }

    // The drop reason each exported family stands for, as the renderer's help and name spell it.
    private static string DropReasonsIn(string text) =>
        string.Join(
            ' ',
            Map.Where(
                m => text.Contains($"# TYPE {m.Metric} counter", StringComparison.Ordinal)).Select(m => m.Reason +
                    "\""));

    private static readonly (string Metric, string Reason)[] Map =
    [
        ("keepalived_ip_ttl_errors_total", "ttl"), ("keepalived_packet_length_errors_total", "packet_length"),
        ("keepalived_address_list_errors_total",
            "address_list"), ("keepalived_authentication_failure_total", "auth_failure"),
        ("keepalived_authentication_invalid_total",
            "auth_type_invalid"), ("keepalived_authentication_mismatch_total", "auth_type_mismatch"),
        ("keepalived_invalid_type_received_total",
            "invalid_type"), ("keepalived_advertisements_interval_errors_total", "interval_mismatch"),
        ("vigil_vrrp_checksum_errors_total", "checksum"), ("vigil_vrrp_version_errors_total", "version"),
        ("vigil_vrrp_vrid_errors_total", "vrid"), ("vigil_vrrp_destination_errors_total", "destination"),
        ("vigil_vrrp_unicast_source_errors_total",
            "unicast_source"), ("vigil_vrrp_ip_header_errors_total", "ip_header"),
        ("vigil_vrrp_auth_hmac_missing_total",
            "auth_ext_missing"), ("vigil_vrrp_auth_hmac_malformed_total", "auth_ext_malformed"),
        ("vigil_vrrp_auth_hmac_unknown_key_total",
            "auth_ext_unknown_key"), ("vigil_vrrp_auth_hmac_invalid_total", "auth_ext_invalid_hmac"),
        ("vigil_vrrp_auth_hmac_stale_total",
            "auth_ext_stale"), ("vigil_vrrp_auth_hmac_replay_total", "auth_ext_replay"),
    ];
    [Fact]
    public void Written_in_steps_and_sent_as_it_fills_the_page_stays_small_and_reads_the_same()
    {
        // 3,000 instances make a page of about 7 MB; sent and cleared whenever it passes FlushBytes (as the metrics
        // server does), it never holds much more, and what was sent is the page rendered in one go.
        var instances = Enumerable.Range(0, 3000)
            .Select(n => Fixtures.Master() with { Name = $"VI_{n}", Vrid = (byte)(1 + n % 255) })
            .ToArray();
        var snapshot = Fixtures.Snapshot(instances);
        using var page = new MetricsPage();
        var sent = new System.Text.StringBuilder();
        long held = 0;

        foreach (var step in MetricsRenderer.Write(page, snapshot))
        {
            held = Math.Max(held, step.Length);
            if (step.Length >= MetricsPage.FlushBytes)
            {
                sent.Append(step.ToString());
                step.Clear();
            }
        }
        sent.Append(page.ToString());

        var whole = MetricsRenderer.Render(snapshot);
        Assert.True(whole.Length > 50 * MetricsPage.FlushBytes, $"{whole.Length} characters");
        Assert.Equal(whole, sent.ToString());
        Assert.InRange(held, MetricsPage.FlushBytes, MetricsPage.FlushBytes + 1024);
    }
}
