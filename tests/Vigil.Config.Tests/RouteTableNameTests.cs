using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Table names in virtual_routes / virtual_rules / static_*, read from rt_tables through the config source.
/// Verdicts observed with Debian's keepalived 2.2.7 (<c>keepalived -t</c> with a bind-mounted /etc/iproute2): a name
/// in rt_tables is accepted (exit 0), an unknown one skips the line with "Routing table NAME not found for route"
/// (exit 5), hex numbers are numbers (0x66: exit 0). 2.2.7 does not read rt_tables.d; keepalived 2.4.3 and iproute2
/// do, and so does Vigil.</summary>
public sealed class RouteTableNameTests
{
    private const string RtTables = """
        #
        # reserved values
        #
        255	local
        254	main
        253	default
        0	unspec
        100	vigiltest
        0x65 hexname   # a comment after the entry
        102 dup
        103 three fields
        -104 negative
        """;

    private static ConfigResult Load(string table, params (string Path, string Text)[] files) => Conf.Load(
        $"static_routes {{\n 198.51.100.0/24 via 192.0.2.1 table {table} no_track\n}}\n"
        + $"static_rules {{\n from 198.51.100.0/24 table {table} priority 100\n}}\n", null, files);

    private static readonly (string, string) Etc = ("/etc/iproute2/rt_tables", RtTables);
    private static readonly (string, string) EtcD = ("/etc/iproute2/rt_tables.d/extra.conf", "103 fromd\n104 dup\n");

    [Theory]
    [InlineData("vigiltest", 100u)]
    [InlineData("hexname", 101u)]
    [InlineData("dup", 102u)] // the first entry of a name wins
    [InlineData("fromd", 103u)]
    [InlineData("main", 254u)]
    [InlineData("0x66", 102u)]
    [InlineData("010", 8u)] // C's octal, as keepalived's strtoul
    [InlineData("200", 200u)]
    public void A_known_name_or_number_is_the_table_of_the_route_and_the_rule(string name, uint id)
    {
        var result = Load(name, Etc, EtcD);
        Assert.True(result.ExitCode == 0, string.Join("\n", result.Diagnostics));
        Assert.Equal(id, result.Model!.StaticRoutes.Single().Table);
        Assert.Equal(id, result.Model.StaticRules.Single().Table);
    }

    [Theory]
    [InlineData("nosuch")]
    [InlineData("three")]
    [InlineData("negative")]
    [InlineData("notconf")]
    public void An_unknown_name_skips_the_line_with_exit_5_as_keepalived(string name)
    {
        var result = Load(name, Etc, EtcD, ("/etc/iproute2/rt_tables.d/extra.txt", "105 notconf\n"));
        Assert.Equal(5, result.ExitCode);
        Assert.Empty(result.Model!.StaticRoutes);
        Assert.Empty(result.Model.StaticRules);
        Assert.Contains(
            result.Diagnostics,
            d => d.Code == "route-table"
                && d.Message.Contains($"routing table {name} not found", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Code == "rule-table");
    }

    [Fact]
    public void Without_any_file_only_numbers_and_the_built_in_names_are_known()
    {
        Assert.Equal(0, Load("local").ExitCode);
        Assert.Equal(5, Load("vigiltest").ExitCode);
    }

    [Fact]
    public void Usr_share_is_read_when_etc_has_no_rt_tables_and_etc_overrides_a_usr_share_drop_in_of_the_same_name()
    {
        var result = Load("usrname",
            ("/usr/share/iproute2/rt_tables", "110 usrname\n"),
            ("/usr/share/iproute2/rt_tables.d/a.conf", "111 overridden\n"),
            ("/usr/share/iproute2/rt_tables.d/b.conf", "112 usrdrop\n"),
            ("/etc/iproute2/rt_tables.d/a.conf", "113 etcdrop\n"));
        Assert.Equal(110u, result.Model!.StaticRoutes.Single().Table);
        Assert.Equal(
            112u,
            Load(
                "usrdrop",
                ("/usr/share/iproute2/rt_tables.d/b.conf", "112 usrdrop\n")).Model!.StaticRoutes.Single().Table);
        Assert.Equal(5, Load("overridden", ("/usr/share/iproute2/rt_tables.d/a.conf", "111 overridden\n"),
            ("/etc/iproute2/rt_tables.d/a.conf", "113 etcdrop\n")).ExitCode);
        Assert.Equal(
            5,
            Load(
                "usrname",
                ("/usr/share/iproute2/rt_tables", "110 usrname\n"),
                ("/etc/iproute2/rt_tables", "120 other\n")).ExitCode);
    }

    [Fact]
    public void A_name_given_to_a_built_in_number_replaces_the_built_in_name()
    {
        var names = RouteTableNames.FromText("254 mymain\n");
        Assert.True(names.TryResolve("mymain", out var id));
        Assert.Equal(254u, id);
        Assert.False(names.TryResolve("main", out _));
        Assert.True(names.TryResolve("local", out id));
        Assert.Equal(255u, id);
    }

    [Fact]
    public void Names_work_in_virtual_routes_and_rules_too()
    {
        var result = Conf.Load(
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n priority 100\n virtual_ipaddress {\n" +
            "  192.0.2.1/32\n }\n"
            + " virtual_routes {\n  198.51.100.0/24 via 192.0.2.254 dev eth0 table vigiltest\n }\n"
            + " virtual_rules {\n  from 198.51.100.0/24 lookup vigiltest priority 100\n }\n}\n", null, Etc);
        Assert.True(result.ExitCode == 0, string.Join("\n", result.Diagnostics));
        var instance = result.Model!.Instances.Single();
        Assert.Equal(100u, instance.Routes.Single().Table);
        Assert.Equal(RuleAction.Table, instance.Rules.Single().Action);
        Assert.Equal(100u, instance.Rules.Single().Table);
    }
}
