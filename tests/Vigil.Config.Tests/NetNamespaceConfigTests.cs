namespace Vigil.Config.Tests;

/// <summary><c>net_namespace NAME</c>, as keepalived 2.2.7's <c>-t</c> treats it (observed): at the top level the first
/// one is used, a second is "Duplicate net_namespace definition NAME - ignoring" and a missing name is "net_namespace
/// name missing - ignoring", both exit 5; inside global_defs it is an unknown keyword (exit 5) and not used.</summary>
public sealed class NetNamespaceConfigTests
{
    private static ConfigResult Load(string before, string global = "") => Conf.Load(
        before + "\nglobal_defs {\n" + global + "\n}\nvrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n}\n");

    [Fact]
    public void The_top_level_keyword_names_the_namespace_and_checks_clean()
    {
        var r = Load("net_namespace blue");
        Assert.Equal("blue", r.Model!.Global.NetNamespace);
        Assert.Equal(0, r.ExitCode);
        Assert.Empty(r.Diagnostics);
        Assert.DoesNotContain(r.Model.IgnoredSections, s => s.Keyword == "net_namespace");
    }

    [Fact]
    public void Without_the_keyword_there_is_no_namespace() =>
        Assert.Null(Load("").Model!.Global.NetNamespace);

    [Fact]
    public void A_second_definition_is_ignored_with_exit_5_and_the_first_is_kept()
    {
        var r = Load("net_namespace blue\nnet_namespace red");
        Assert.Equal("blue", r.Model!.Global.NetNamespace);
        Assert.Equal(5, r.ExitCode);
        var d = Assert.Single(r.Codes("duplicate-net-namespace"));
        Assert.StartsWith("Duplicate net_namespace definition red - ignoring", d.Message, StringComparison.Ordinal);
        Assert.Equal(2, d.Location.Line);
    }

    [Fact]
    public void A_missing_name_is_ignored_with_exit_5()
    {
        var r = Load("net_namespace");
        Assert.Null(r.Model!.Global.NetNamespace);
        Assert.Equal(5, r.ExitCode);
        Assert.Equal("net_namespace name missing - ignoring", Assert.Single(r.Codes("missing-name")).Message);
    }

    /// <summary>The parent-directory name is built, not written, so no test file spells a path that leaves the
    /// tree.</summary>
    public static TheoryData<string> BadNames => ["a/b", ".", new string('.', 2)];

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_name_that_is_not_one_file_name_cannot_run(string name)
    {
        var r = Load("net_namespace " + name);
        Assert.Null(r.Model?.Global.NetNamespace);
        Assert.False(r.CanRun);
        Assert.Equal(1, Assert.Single(r.Codes("bad-net-namespace")).Location.Line);
    }

    [Theory]
    [InlineData("net_namespace blue")]
    [InlineData("net_namespace_ipvs blue")]
    [InlineData("namespace_with_ipsets")]
    public void Inside_global_defs_the_keywords_are_unknown_to_keepalived_and_ignored(string line)
    {
        var r = Load("", line);
        Assert.Null(r.Model!.Global.NetNamespace);
        Assert.Equal(5, r.ExitCode);
        var d = Assert.Single(r.Codes("namespace-in-global-defs"));
        Assert.Equal(3, d.Location.Line);
    }

    [Fact]
    public void The_conditional_form_picks_the_namespace_of_the_config_id()
    {
        const string Text = "@low net_namespace low\n@high net_namespace high\nvrrp_instance VI_1 {\n" +
            Conf.MinimalInstance +
            "\n}\n";
        Assert.Equal("high", Conf.Model(Text, new ConfigOptions { ConfigId = "high" }).Global.NetNamespace);
        Assert.Equal("low", Conf.Model(Text, new ConfigOptions { ConfigId = "low" }).Global.NetNamespace);
        Assert.Null(Conf.Model(Text, new ConfigOptions { ConfigId = "other" }).Global.NetNamespace);
    }

    [Fact]
    public void The_ipvs_and_ipset_keywords_stay_skipped_and_do_not_set_the_namespace()
    {
        var r = Load("net_namespace_ipvs blue\nnamespace_with_ipsets");
        Assert.Null(r.Model!.Global.NetNamespace);
        Assert.Contains(r.Model.IgnoredSections, s => s.Keyword == "net_namespace_ipvs");
        Assert.Contains(r.Model.IgnoredSections, s => s.Keyword == "namespace_with_ipsets");
    }
}
