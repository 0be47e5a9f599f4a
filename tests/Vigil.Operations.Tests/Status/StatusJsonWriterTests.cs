using System.Text.Json;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Status;

public sealed class StatusJsonWriterTests
{
    private static JsonElement Parse(byte[] json) => JsonDocument.Parse(json).RootElement;

    private static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void The_document_has_exactly_the_spec_fields_in_the_spec_order()
    {
        var root = Parse(StatusJsonWriter.Status(Fixtures.Snapshot()));

        Assert.Equal(["daemon", "instances", "scripts", "processes"], Keys(root));
        var process = root.GetProperty("processes")[0];
        Assert.Equal(
            ["name", "state", "count", "quorum", "quorum_max", "fork_delay_ms", "terminate_delay_ms", "pending_ms"],
            Keys(process));
        Assert.Equal(
            ("tp_haproxy", "UP", 0, 800),
            (process.GetProperty("name").GetString(), process.GetProperty("state").GetString(),
            process.GetProperty("count").GetInt32(), process.GetProperty("pending_ms").GetInt32()));
        Assert.Equal(JsonValueKind.Null, process.GetProperty("quorum_max").ValueKind);
        Assert.Equal(["version", "pid", "config", "started_at", "config_loaded_at"], Keys(root.GetProperty("daemon")));
        var instance = root.GetProperty("instances")[0];
        Assert.Equal(
            ["name", "state", "vrid", "interface", "family", "version", "base_priority", "effective_priority",
             "advert_interval_ms", "master_down_interval_ms", "master_address", "last_transition_at",
             "virtual_ipaddresses", "fault_reasons", "trackers", "counters"],
            Keys(instance));
        Assert.Equal(
            ["kind", "name", "state", "weight", "reverse", "contribution"],
            Keys(instance.GetProperty("trackers")[0]));
        Assert.Equal(
            ["adverts_received", "adverts_sent", "become_master", "release_master", "priority_zero_received",
             "priority_zero_sent", "lower_priority_answers_suppressed", "fast_handovers", "vips_restored",
             "log_lines_suppressed", "dropped"],
            Keys(instance.GetProperty("counters")));
        Assert.Equal(["name", "state", "result", "rise", "fall", "runs", "last_exit_status", "last_duration_ms"],
            Keys(root.GetProperty("scripts")[0]));
    }

    [Fact]
    public void Values_use_the_spec_spellings_and_wall_clock_times()
    {
        var root = Parse(StatusJsonWriter.Status(Fixtures.Snapshot()));

        var daemon = root.GetProperty("daemon");
        Assert.Equal(1234, daemon.GetProperty("pid").GetInt32());
        Assert.Equal("2026-01-01T00:00:00.000Z", daemon.GetProperty("started_at").GetString());
        // loaded at monotonic 10 s, snapshot at 100 s = 00:10:00 wall: 90 s earlier.
        Assert.Equal("2026-01-01T00:08:30.000Z", daemon.GetProperty("config_loaded_at").GetString());

        var vi1 = root.GetProperty("instances")[0];
        Assert.Equal("BACKUP", vi1.GetProperty("state").GetString());
        Assert.Equal("ipv4", vi1.GetProperty("family").GetString());
        Assert.Equal(51, vi1.GetProperty("vrid").GetInt32());
        Assert.Equal(80, vi1.GetProperty("effective_priority").GetInt32());
        Assert.Equal("192.0.2.12", vi1.GetProperty("master_address").GetString());
        Assert.Equal("2026-01-01T00:09:55.000Z", vi1.GetProperty("last_transition_at").GetString());
        Assert.Equal(-20, vi1.GetProperty("trackers")[0].GetProperty("contribution").GetInt32());
        Assert.Equal(42, vi1.GetProperty("counters").GetProperty("adverts_received").GetInt64());

        var vi3 = root.GetProperty("instances")[2];
        Assert.Equal("FAULT", vi3.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, vi3.GetProperty("master_address").ValueKind);
        Assert.Equal(
            ["interface eth1 down"],
            vi3.GetProperty("fault_reasons").EnumerateArray().Select(e => e.GetString()));

        var script = root.GetProperty("scripts")[0];
        Assert.Equal("KO", script.GetProperty("state").GetString());
        Assert.Equal(1, script.GetProperty("last_exit_status").GetInt32());
        Assert.Equal(4, script.GetProperty("last_duration_ms").GetInt64());
    }

    [Fact]
    public void Dropped_lists_every_reason_with_zeros()
    {
        var root = Parse(StatusJsonWriter.Status(Fixtures.Snapshot()));

        var dropped = root.GetProperty("instances")[0].GetProperty("counters").GetProperty("dropped");
        Assert.Equal(3, dropped.GetProperty("ttl").GetInt64());
        Assert.Equal(0, dropped.GetProperty("packet_length").GetInt64());
        Assert.Equal(0, dropped.GetProperty("auth_failure").GetInt64());
    }

    [Fact]
    public void A_daemon_without_a_loaded_config_says_null()
    {
        var s = Fixtures.Snapshot();
        s = s with { Engine = s.Engine with { ConfigLoadedAt = null } };

        var root = Parse(StatusJsonWriter.Status(s));

        Assert.Equal(JsonValueKind.Null, root.GetProperty("daemon").GetProperty("config_loaded_at").ValueKind);
    }

    [Fact]
    public void Names_with_quotes_and_control_characters_stay_valid_json()
    {
        var odd = Fixtures.Backup() with { Name = "VI \"quoted\"\n\\" };

        var root = Parse(StatusJsonWriter.Status(Fixtures.Snapshot(odd)));

        Assert.Equal("VI \"quoted\"\n\\", root.GetProperty("instances")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Explain_adds_the_decision_fields_and_only_the_tracked_scripts()
    {
        var json = StatusJsonWriter.Explain(Fixtures.Snapshot(), "VI_1");

        Assert.NotNull(json);
        var root = Parse(json);
        var i = root.GetProperty("instance");
        Assert.Equal("VI_1", i.GetProperty("name").GetString());
        Assert.Equal(80, i.GetProperty("total_priority").GetInt32());
        Assert.Equal(JsonValueKind.Null, i.GetProperty("clamp").ValueKind);
        Assert.True(i.GetProperty("preempt").GetBoolean());
        Assert.Equal(100, i.GetProperty("master_priority").GetInt32());
        Assert.Equal(2000, i.GetProperty("next_timer_ms").GetInt64());
        Assert.False(i.GetProperty("trackers")[0].GetProperty("faulting").GetBoolean());
        Assert.Equal(
            ["chk_app"],
            root.GetProperty("scripts").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var master = Parse(StatusJsonWriter.Explain(Fixtures.Snapshot(), "VI_2")!);
        Assert.Empty(master.GetProperty("scripts").EnumerateArray());
    }

    [Fact]
    public void Explain_of_an_unknown_instance_is_null() =>
        Assert.Null(StatusJsonWriter.Explain(Fixtures.Snapshot(), "nope"));
}
