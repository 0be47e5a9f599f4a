using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>A rule's <c>ipproto</c> name is looked up in the host's /etc/protocols, read through the config source,
/// as keepalived's getprotobyname reads it; the built-in table stands in only when the file is missing.</summary>
public sealed class IpProtocolNameTests
{
    private const string Protocols =
        "# local protocols\n" +
        "tcp\t6\tTCP\t\t# transmission control protocol\n" +
        "vigilproto 253 VIGILPROTO vp   # a host's own entry\n" +
        "dup 17\n" +
        "dup 47\n" +
        "toobig 300 TOOBIG\n";

    private static ConfigResult Load(string name, string? protocols) =>
        Conf.Load(
            $"{RouteConf.Instance} virtual_rules {{\n"
                + $"  from 192.0.2.0/24 table 100 preference 100 ipproto {name}\n }}\n}}\n",
            RouteConf.Options,
            protocols is null ? [] : [("/etc/protocols", protocols)]);

    private static RuleConfig Rule(ConfigResult result)
    {
        Assert.True(result.ExitCode == 0, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Model!.Instances.Single().Rules);
    }

    [Theory]
    [InlineData("vigilproto", 253)]
    [InlineData("VIGILPROTO", 253)]
    [InlineData("vp", 253)]
    [InlineData("tcp", 6)]
    [InlineData("dup", 17)] // the first entry of a name wins
    [InlineData("17", 17)] // numbers do not need the file
    public void A_name_or_alias_in_the_hosts_file_is_its_number(string name, int number) =>
        Assert.Equal((byte)number, Rule(Load(name, Protocols)).IpProto);

    [Theory]
    [InlineData("udp")] // in Debian's file, not in this host's
    [InlineData("Vigilproto")]
    [InlineData("toobig")]
    public void A_name_the_hosts_file_lacks_is_dropped_from_the_rule_with_exit_5(string name)
    {
        var result = Load(name, Protocols);
        Assert.Equal(5, result.ExitCode);
        Assert.Null(Assert.Single(result.Model!.Instances.Single().Rules).IpProto);
    }

    [Fact]
    public void Without_the_file_the_built_in_table_is_used()
    {
        Assert.Equal((byte)132, Rule(Load("sctp", null)).IpProto);
        Assert.Equal(5, Load("vigilproto", null).ExitCode);
    }
}
