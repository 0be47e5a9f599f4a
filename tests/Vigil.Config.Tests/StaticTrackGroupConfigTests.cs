using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Top-level <c>track_group</c> and the <c>track_group</c> option of static addresses, routes and rules. The
/// exit codes are Debian's keepalived 2.2.7 <c>-t</c> verdicts for the same text before a clean instance.</summary>
public sealed class StaticTrackGroupConfigTests
{
    private const string Group = "track_group G1 {\n group {\n  VI_1\n }\n}\n";

    private static ConfigResult With(string text) => Conf.Load(text + RouteConf.Instance + "}\n", RouteConf.Options);

    [Theory]
    [InlineData(Group + "static_routes {\n 198.51.100.0/26 via 198.51.100.1 dev eth1 table 200 track_group G1\n}\n", 0)]
    [InlineData(Group + "static_routes {\n 198.51.100.0/26 via 198.51.100.1 table 200 track_group G1\n}\n", 5)]
    [InlineData("static_routes {\n 198.51.100.0/26 via 198.51.100.1 dev eth1 table 200 track_group G1\n}\n" + Group, 5)]
    [InlineData(Group + "static_rules {\n from 192.0.2.0/24 iif eth1 table 200 preference 5 track_group G1\n}\n", 0)]
    [InlineData(Group + "static_rules {\n from 192.0.2.0/24 table 200 preference 5 track_group G1\n}\n", 5)]
    [InlineData(Group + "static_ipaddress {\n 192.0.2.200/32 dev eth1 track_group G1\n}\n", 0)]
    [InlineData(Group + "static_ipaddress {\n 192.0.2.200/32 dev eth1 track_group G2\n}\n", 5)]
    [InlineData("track_group G1 {\n group {\n  VI_9\n }\n}\n", 0)]
    [InlineData(
        Group +
        "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 6\n virtual_ipaddress {\n  192.0.2.2/32\n }\n" +
        " virtual_rules {\n  from 192.0.2.0/24 iif eth1 table 200 preference 5 track_group G1\n }\n}\n",
        5)]
    public void Exit_codes_agree_with_keepalived_2_2_7(string text, int keepalived)
    {
        var result = With(text);
        Assert.True(keepalived == result.ExitCode, $"{result.ExitCode}: " + string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Groups_and_the_entries_naming_them_are_in_the_model()
    {
        var m = With(Group + "static_ipaddress {\n 192.0.2.200/32 dev eth1 track_group G1\n}\n"
            + "static_routes {\n 198.51.100.0/26 via 198.51.100.1 dev eth1 table 200 track_group G1\n" +
              " 198.51.100.64/26 via 198.51.100.1 dev eth1 table 200\n}\n"
            + "static_rules {\n from 192.0.2.0/24 iif eth1 table 200 preference 5 track_group G1\n}\n").Model!;
        Assert.Equal(["VI_1"], m.TrackGroups["G1"]);
        Assert.Equal("G1", Assert.Single(m.StaticAddresses).TrackGroup);
        Assert.Equal(["G1", null], m.StaticRoutes.Select(r => r.TrackGroup));
        Assert.Equal("G1", Assert.Single(m.StaticRules).TrackGroup);
        Assert.DoesNotContain(m.IgnoredSections, s => s.Keyword == "track_group");
    }

    [Fact]
    public void An_entry_that_cannot_be_tracked_is_kept_without_its_group()
    {
        var result = With(Group + "static_routes {\n 198.51.100.0/26 via 198.51.100.1 table 200 track_group G1\n}\n"
            + "static_rules {\n from 192.0.2.0/24 table 200 preference 5 track_group G1\n}\n");
        Assert.Null(Assert.Single(result.Model!.StaticRoutes).TrackGroup);
        Assert.Null(Assert.Single(result.Model!.StaticRules).TrackGroup);
        Assert.Equal(2, result.Codes("track-group-no-dev").Count());
    }
}
