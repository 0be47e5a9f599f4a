using System.Text.Json;
using Vigil.Engine.Status;
using Vigil.Linux.Firewall;
using Vigil.Operations.Metrics;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Status;

/// <summary>no_accept's firewall in status, explain and metrics: present only while the daemon keeps tables.</summary>
public sealed class FirewallStatusTests
{
    private static readonly NftStatus Tables = new(
        "keepalived", true, false, ["192.0.2.100"], 3, 1, "nft exited with status 1", false);

    private static StatusSnapshot WithFirewall(NftStatus status, params InstanceStatus[] instances) =>
        Fixtures.Snapshot(instances) with { Firewall = FirewallView.From(status) };

    [Fact]
    public void Status_and_explain_carry_the_firewall_object_and_a_no_accept_instance_its_drops()
    {
        var master = Fixtures.Master() with { Accept = false, FirewallDrops = ["192.0.2.100"] };
        var root = JsonDocument.Parse(StatusJsonWriter.Status(WithFirewall(Tables, master))).RootElement;
        var fw = root.GetProperty("firewall");
        Assert.Equal(["table", "families", "dropped", "writes", "failures", "last_error", "pending"],
            fw.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ("keepalived", "ipv4", "192.0.2.100", 3),
            (fw.GetProperty("table").GetString(), fw.GetProperty("families")[0].GetString(),
            fw.GetProperty("dropped")[0].GetString(), fw.GetProperty("writes").GetInt32()));
        Assert.Equal("192.0.2.100", root.GetProperty("instances")[0].GetProperty("firewall_drops")[0].GetString());

        var explain = JsonDocument.Parse(
            StatusJsonWriter.Explain(WithFirewall(Tables, master), master.Name)!).RootElement;
        Assert.Equal("keepalived", explain.GetProperty("firewall").GetProperty("table").GetString());
    }

    [Fact]
    public void Without_tables_or_failures_nothing_is_added_and_an_accepting_instance_has_no_drops_key()
    {
        Assert.Null(FirewallView.From(NftStatus.Empty));
        var root = JsonDocument.Parse(StatusJsonWriter.Status(WithFirewall(NftStatus.Empty))).RootElement;
        Assert.False(root.TryGetProperty("firewall", out _));
        Assert.False(root.GetProperty("instances")[0].TryGetProperty("firewall_drops", out _));
        Assert.DoesNotContain("vigil_firewall", MetricsRenderer.Render(Fixtures.Snapshot()), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_count_writes_by_result_and_the_dropped_addresses()
    {
        var text = MetricsRenderer.Render(WithFirewall(Tables));
        Assert.Contains("vigil_firewall_writes_total{result=\"ok\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("vigil_firewall_writes_total{result=\"failed\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("vigil_firewall_dropped_addresses 1", text, StringComparison.Ordinal);
    }
}

/// <summary>The sentences of `vigil status --explain` for a no_accept instance.</summary>
public sealed class FirewallExplainTests
{
    [Fact]
    public void A_no_accept_master_names_the_dropped_addresses_and_the_table()
    {
        var master = Fixtures.Master() with { Accept = false, FirewallDrops = ["192.0.2.100"] };
        var snapshot = Fixtures.Snapshot(master) with
        {
            Firewall = FirewallView.From(new NftStatus("keepalived", true, false, ["192.0.2.100"], 1, 0, null, false)),
        };
        var text = ExplainRenderer.Render(StatusDocumentMapping.Explain(snapshot, master.Name)!);
        Assert.Contains(
            "no_accept: traffic to 192.0.2.100 is dropped (nftables table keepalived)",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain(
            "Accept mode",
            ExplainRenderer.Render(StatusDocumentMapping.Explain(Fixtures.Snapshot(), "VI_1")!),
            StringComparison.Ordinal);
    }
}
