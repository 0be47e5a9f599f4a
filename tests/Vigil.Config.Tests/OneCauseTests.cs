using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>One cause gives one diagnostic: a rejected virtual_router_id or interface value is the error that
/// says the instance cannot run, instead of being followed by a second "missing" error for the same line.</summary>
public sealed class OneCauseTests
{
    private static string Instance(string vrid, string iface) =>
        $"vrrp_instance VI_1 {{\n interface {iface}\n {vrid}\n priority 100\n" +
        $" virtual_ipaddress {{\n  192.0.2.1/24\n }}\n}}\n";

    [Theory]
    [InlineData("virtual_router_id 0")]
    [InlineData("virtual_router_id 300")]
    [InlineData("virtual_router_id abc")]
    public void A_rejected_vrid_is_the_one_fatal_diagnostic(string vrid)
    {
        var r = Conf.Load(Instance(vrid, "eth0"));
        var d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal((3, DiagnosticClass.Fatal), (d.Line, d.Class));
        Assert.Contains("(VI_1) has no virtual_router_id", d.Message, StringComparison.Ordinal);
        Assert.Equal(4, r.ExitCode);
    }

    [Fact]
    public void A_loopback_interface_is_the_one_fatal_diagnostic()
    {
        var r = Conf.Load(Instance("virtual_router_id 1", "lo"));
        var d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(("loopback", DiagnosticClass.Fatal), (d.Code, d.Class));
        Assert.Contains("(VI_1) has no interface", d.Message, StringComparison.Ordinal);
        Assert.Equal(4, r.ExitCode);
    }

    [Fact]
    public void A_missing_vrid_is_still_reported_at_the_instance()
    {
        var r = Conf.Load("vrrp_instance VI_1 {\n interface eth0\n virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
        Assert.Equal(
            (1, "missing-vrid"),
            (Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error).Line,
            r.Diagnostics.Single(x => x.Severity == DiagnosticSeverity.Error).Code));
    }

    [Fact]
    public void A_later_valid_value_leaves_the_rejected_one_an_ordinary_error()
    {
        var r = Conf.Load(
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 0\n virtual_router_id 5\n" +
            " virtual_ipaddress {\n  192.0.2.1/24\n }\n}\n");
        var d = Assert.Single(r.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(DiagnosticClass.Error, d.Class);
        Assert.Equal(5, r.ExitCode);
    }
}
