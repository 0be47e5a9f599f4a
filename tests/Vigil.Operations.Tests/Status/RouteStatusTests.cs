using System.Text.Json;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Status;

/// <summary>An instance's virtual_routes / virtual_rules in status --json and --explain.</summary>
public sealed class RouteStatusTests
{
    private static Engine.Status.InstanceStatus WithRoutes(bool installed) => Fixtures.Master() with
    {
        VirtualRoutes = ["198.51.100.0/25 via 192.0.2.254 dev eth0 table 100"],
        VirtualRules = ["from 198.51.100.0/24 table 100 preference 100"],
        RoutesInstalled = installed,
    };

    [Fact]
    public void Status_json_lists_them_after_the_vips_and_only_for_an_instance_that_has_some()
    {
        var root = JsonDocument.Parse(
            StatusJsonWriter.Status(Fixtures.Snapshot(WithRoutes(true), Fixtures.Backup()))).RootElement;
        var withRoutes = root.GetProperty("instances")[0];
        var names = withRoutes.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names.IndexOf("virtual_ipaddresses") + 1, names.IndexOf("virtual_routes"));
        Assert.Equal(
            "198.51.100.0/25 via 192.0.2.254 dev eth0 table 100",
            withRoutes.GetProperty("virtual_routes")[0].GetString());
        Assert.Equal(
            "from 198.51.100.0/24 table 100 preference 100",
            withRoutes.GetProperty("virtual_rules")[0].GetString());
        Assert.True(withRoutes.GetProperty("routes_installed").GetBoolean());
        var without = root.GetProperty("instances")[1];
        Assert.False(without.TryGetProperty("virtual_routes", out _));
        Assert.False(without.TryGetProperty("routes_installed", out _));
    }

    [Theory]
    [InlineData(true, "in the kernel: this node is MASTER")]
    [InlineData(false, "not installed: only a MASTER holds them")]
    public void Explain_says_whether_they_are_installed(bool installed, string expected)
    {
        var json = StatusJsonWriter.Explain(Fixtures.Snapshot(WithRoutes(installed)), "VI_2")!;
        var text = ExplainRenderer.Render(StatusJsonReader.Explain(json));
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Contains("  route 198.51.100.0/25 via 192.0.2.254 dev eth0 table 100\n", text, StringComparison.Ordinal);
        Assert.Contains("  rule from 198.51.100.0/24 table 100 preference 100\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_route_changes_are_a_metric()
    {
        var snapshot = Fixtures.Snapshot();
        snapshot = snapshot with { Engine = snapshot.Engine with { RouteFailures = 3 } };
        var text = Vigil.Operations.Metrics.MetricsRenderer.Render(snapshot);
        Assert.Contains("# TYPE vigil_route_failures_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nvigil_route_failures_total 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Routes_deleted_by_someone_else_are_a_metric()
    {
        var snapshot = Fixtures.Snapshot();
        snapshot = snapshot with { Engine = snapshot.Engine with { RouteDeletions = 2 } };
        var text = Vigil.Operations.Metrics.MetricsRenderer.Render(snapshot);
        Assert.Contains("# TYPE vigil_route_deletions_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\nvigil_route_deletions_total 2\n", text, StringComparison.Ordinal);
    }
}
