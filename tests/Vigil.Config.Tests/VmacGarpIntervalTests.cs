namespace Vigil.Config.Tests;

/// <summary><c>vmac_garp_intvl</c> / <c>vrrp_vmac_garp_intvl</c>: keepalived 2.2.7's old names of <c>garp_extra_if</c>
/// / <c>vrrp_garp_extra_if</c>. Observed with its <c>-t</c>: "Keyword "vmac_garp_intvl" is deprecated - please use
/// "garp_extra_if"", exit 5 (also with <c>all</c>), and 5 with "specified without time" / "invalid" for a missing or
/// bad value; the new names exit 0.</summary>
public sealed class VmacGarpIntervalTests
{
    private static ConfigResult Load(string global, string instance) => Conf.Load(
        "global_defs {\n" + global + "\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nuse_vmac\n"
        + instance + "\nvirtual_ipaddress {\n192.0.2.100/24\n}\n}\n");

    [Fact]
    public void The_instance_keyword_is_garp_extra_if_with_a_deprecation_and_exit_5()
    {
        var r = Load("", "vmac_garp_intvl all 5");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains(
            r.Codes("deprecated"),
            d => d.Message.Contains("please use \"garp_extra_if\"", StringComparison.Ordinal));
        var i = r.Model!.Instances.Single();
        Assert.Equal((5, true), (i.GarpExtraIfSeconds, i.GarpExtraIfAll));
        Assert.Equal(0, Load("", "garp_extra_if 5").ExitCode);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == "unsupported");
    }

    [Fact]
    public void The_global_keyword_is_vrrp_garp_extra_if_with_a_deprecation_and_exit_5()
    {
        var r = Load("vrrp_vmac_garp_intvl 7", "");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains(
            r.Codes("deprecated"),
            d => d.Message.Contains("please use \"vrrp_garp_extra_if\"", StringComparison.Ordinal));
        Assert.Equal((7, false), (r.Model!.Global.GarpExtraIfSeconds, r.Model.Global.GarpExtraIfAll));
        Assert.Equal(0, Load("vrrp_garp_extra_if 7", "").ExitCode);
    }

    [Theory]
    [InlineData("vmac_garp_intvl")]
    [InlineData("vmac_garp_intvl x")]
    public void A_missing_or_bad_value_is_ignored_with_exit_5(string line)
    {
        var r = Load("", line);
        Assert.Equal(5, r.ExitCode);
        Assert.Null(r.Model!.Instances.Single().GarpExtraIfSeconds);
    }
}
