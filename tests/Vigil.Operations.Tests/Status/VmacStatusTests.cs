using System.Text.Json;
using Vigil.Operations.Metrics;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Status;

/// <summary>An instance's VMAC (use_vmac) in status --json, --explain and the metrics.</summary>
public sealed class VmacStatusTests
{
    private static StatusSnapshot WithVmac(int ifIndex, long errors = 0, string? last = null) =>
        Fixtures.Snapshot(Fixtures.Backup()) with
        {
            Vmacs = [new VmacState(
                "vrrp.51", "VI_1", ifIndex, "00:00:5e:00:01:33", "eth0", "vrrp.51", false, errors, last)],
        };

    [Fact]
    public void Status_json_shows_the_vmac_of_a_vmac_instance_only()
    {
        var vmac = JsonDocument.Parse(
            StatusJsonWriter.Status(WithVmac(7))).RootElement.GetProperty("instances")[0].GetProperty("vmac");

        Assert.Equal(
            ["name", "ifindex", "mac", "base_interface", "advert_interface", "xmit_base", "errors", "last_error"],
            vmac.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ("vrrp.51", 7, "00:00:5e:00:01:33", "eth0"),
            (vmac.GetProperty("name").GetString(), vmac.GetProperty("ifindex").GetInt32(),
            vmac.GetProperty("mac").GetString(), vmac.GetProperty("base_interface").GetString()));
        var plain = JsonDocument.Parse(
            StatusJsonWriter.Status(Fixtures.Snapshot(Fixtures.Backup()))).RootElement.GetProperty("instances")[0];
        Assert.False(plain.TryGetProperty("vmac", out _));
    }

    [Fact]
    public void Explain_names_the_vmac_and_its_failures()
    {
        var text = ExplainRenderer.Render(
            StatusJsonReader.Explain(
                StatusJsonWriter.Explain(
                    WithVmac(0, 2, "cannot create VMAC interface vrrp.51 on eth0: errno 1 (EPERM)"),
                    "VI_1")!));

        Assert.Contains(
            "vmac: vrrp.51 (not created, 00:00:5e:00:01:33) on eth0; adverts on vrrp.51; 2 error(s), last: cannot " +
            "create VMAC interface vrrp.51 on eth0: errno 1 (EPERM)",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_count_vmac_failures_and_presence()
    {
        var text = MetricsRenderer.Render(WithVmac(0, 3, "x"));

        Assert.Contains("vigil_vmac_present{name=\"vrrp.51\",iname=\"VI_1\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("vigil_vmac_errors_total{name=\"vrrp.51\",iname=\"VI_1\"} 3", text, StringComparison.Ordinal);
        Assert.Contains(
            "vigil_vmac_present{name=\"vrrp.51\",iname=\"VI_1\"} 1",
            MetricsRenderer.Render(WithVmac(9)),
            StringComparison.Ordinal);
    }
}
