using System.Text.Json;
using Vigil.Operations.Dumps;
using Vigil.Operations.Hosting;

namespace Vigil.Operations.Tests.Dumps;

/// <summary>The JSON dump in keepalived 2.4.3's shape, decoded as keepalived-exporter decodes it.</summary>
public sealed class JsonDumpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Version_1_is_an_array_of_data_and_stats_per_instance()
    {
        using var doc = JsonDocument.Parse(JsonDumpWriter.Render(Fixtures.Snapshot()));

        var all = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(["VI_1", "VI_2", "VI_3"], all.Select(e => e.GetProperty("data").GetProperty("iname").GetString()));
        var backup = all[0].GetProperty("data");
        Assert.Equal((1, 51, "eth0", 5), (backup.GetProperty("state").GetInt32(), backup.GetProperty("vrid").GetInt32(),
            backup.GetProperty("ifp_ifname").GetString(), backup.GetProperty("garp_delay").GetInt32()));
        Assert.Equal(100, backup.GetProperty("master_priority").GetInt32());
        Assert.Equal(
            ["198.51.100.1/24 dev eth0 scope global"],
            backup.GetProperty("vips").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(
            ["'/usr/local/bin/check --fast'"],
            backup.GetProperty("track_script").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(2, all[1].GetProperty("data").GetProperty("state").GetInt32());
        Assert.Equal(2, all[1].GetProperty("data").GetProperty("wantstate").GetInt32());
        Assert.True(all[1].GetProperty("data").GetProperty("vipset").GetBoolean());
        Assert.Equal(3, all[2].GetProperty("data").GetProperty("state").GetInt32());
        Assert.False(all[2].GetProperty("data").TryGetProperty("track_script", out _));
        var stats = all[0].GetProperty("stats");
        Assert.Equal(
            (42, 3),
            (stats.GetProperty("advert_rcvd").GetInt64(), stats.GetProperty("ip_ttl_err").GetInt64()));
        Assert.Equal(600, all[1].GetProperty("stats").GetProperty("advert_sent").GetInt64());
    }

    /// <summary>The keys of keepalived 2.4.3's dump (observed with `kill -s $(keepalived --signum=JSON)`), in its
    /// order; 2.4.3's auth_hmac counters (auth_ext_*) are left out, Vigil has no auth_hmac.</summary>
    [Fact]
    public void The_keys_are_keepalived_s_in_its_order()
    {
        using var doc = JsonDocument.Parse(JsonDumpWriter.Render(Fixtures.Snapshot()));
        var first = doc.RootElement[0];
        Assert.Equal(["data", "stats"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            [
                "iname",
                "dont_track_primary",
                "skip_check_adv_addr",
                "strict_mode",
                "vmac_ifname",
                "ifp_ifname",
                "master_priority",
                "last_transition",
                "garp_delay",
                "garp_refresh",
                "garp_rep",
                "garp_refresh_rep",
                "garp_lower_prio_delay",
                "garp_lower_prio_rep",
                "lower_prio_no_advert",
                "higher_prio_send_advert",
                "vrid",
                "base_priority",
                "effective_priority",
                "vipset",
                "promote_secondaries",
                "adver_int",
                "master_adver_int",
                "accept",
                "nopreempt",
                "preempt_delay",
                "state",
                "wantstate",
                "version",
                "smtp_alert",
                "notify_deleted",
                "vips",
                "track_script",
                "auth_type"],
            first.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["advert_rcvd", "advert_sent", "become_master", "release_master", "packet_len_err", "advert_interval_err",
             "ip_ttl_err", "invalid_type_rcvd", "addr_list_err", "invalid_authtype", "authtype_mismatch",
             "auth_failure",
             // keepalived 2.4's auth_hmac counters (this list had 2.2.7's keys only before auth_hmac was
             // supported).
             "auth_ext_missing", "auth_ext_malformed", "auth_ext_unknown_key", "auth_ext_invalid_hmac",
             "auth_ext_stale", "auth_ext_replay", "pri_zero_rcvd", "pri_zero_sent"],
            first.GetProperty("stats").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1767226195.0, first.GetProperty("data").GetProperty("last_transition").GetDouble());
    }

    [Fact]
    public void Version_2_puts_the_array_under_vrrp()
    {
        using var doc = JsonDocument.Parse(JsonDumpWriter.Render(Fixtures.Snapshot(), jsonVersion: 2));
        Assert.Equal(["vrrp"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, doc.RootElement.GetProperty("vrrp").GetArrayLength());
    }

    [Fact]
    public async Task The_json_signal_writes_the_configured_file_0600_and_stats_clear_restarts_the_counts()
    {
        var snapshot = Fixtures.Snapshot();
        snapshot = snapshot with
        {
            Config = snapshot.Config! with
            {
                Global = snapshot.Config.Global with
                {
                    JsonDumpFile = Path.Combine(_dir, "keepalived.json"),
                    StatsDumpFile = Path.Combine(_dir, "keepalived.stats"),
                    JsonVersion = 2,
                },
            },
        };
        await using var host = new OperationsHost(
            new OperationsHostOptions { ControlSocket = null },
            new Hosting.FakeDaemon(),
            _ => { });

        await host.WriteDumpAsync(snapshot, DumpKind.Json);
        var json = Path.Combine(_dir, "keepalived.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
            Assert.Equal(3, doc.RootElement.GetProperty("vrrp").GetArrayLength());
        // the temporary is renamed away
        Assert.Equal(["keepalived.json"], Directory.GetFiles(_dir).Select(Path.GetFileName));

        var stats = Path.Combine(_dir, "keepalived.stats");
        await host.WriteDumpAsync(snapshot, DumpKind.StatsClear);
        Assert.Equal(42, KeepalivedStatsParser.Parse(File.ReadAllText(stats))["VI_1"]["Advertisements/Received"]);
        var later = snapshot with
        {
            Engine = snapshot.Engine with
            {
                Instances = [.. snapshot.Engine.Instances.Select(
                    i => i with { Counters = i.Counters with { AdvertsReceived = i.Counters.AdvertsReceived + 5 } })],
            },
        };
        await host.WriteDumpAsync(later, DumpKind.Stats);
        Assert.Equal(5, KeepalivedStatsParser.Parse(File.ReadAllText(stats))["VI_1"]["Advertisements/Received"]);
        Assert.Equal(0, KeepalivedStatsParser.Parse(File.ReadAllText(stats))["VI_1"]["Packet Errors/TTL"]);
        // JSON keeps the running totals, as the metrics do.
        await host.WriteDumpAsync(later, DumpKind.Json);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            Assert.Equal(
                47,
                doc.RootElement.GetProperty("vrrp")[0].GetProperty("stats").GetProperty("advert_rcvd").GetInt64());
        }
    }
}
