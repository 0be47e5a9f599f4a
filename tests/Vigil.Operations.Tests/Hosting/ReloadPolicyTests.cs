using Vigil.Config;
using Vigil.Daemon;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>A reload applies only a runnable configuration that loses no running instance or VIP to an error.</summary>
public sealed class ReloadPolicyTests
{
    private const string Path = "/etc/keepalived/keepalived.conf";

    private static string Instance(string name, int vrid, string vips) =>
        $"vrrp_instance {name} {{\n interface eth0\n virtual_router_id {vrid}\n priority 100\n virtual_ipaddress " +
        $"{{\n{vips}\n }}\n}}\n";

    private static readonly string Running = Instance("VI_1", 1, "192.0.2.1/24\n192.0.2.2/24") +
        Instance("VI_2", 2, "198.51.100.1/24");

    private static ConfigResult Load(string text) =>
        ConfigLoader.Load(Path, new InMemoryConfigSource().Add(Path, text), new ConfigOptions());

    private static string? Refusal(string next) => ReloadPolicy.Refusal(Load(Running).Model!, Load(next));

    [Fact]
    public void A_typo_in_a_vip_that_removes_it_is_refused()
    {
        var why = Refusal(Instance("VI_1", 1, "192.0.2.1/24\n192.0.2.300/24") + Instance("VI_2", 2, "198.51.100.1/24"));
        Assert.NotNull(why);
        Assert.Contains("VIP 192.0.2.2 of VI_1", why, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_that_removes_an_instance_is_refused()
    {
        // A copy-paste slip renames VI_2 to VI_1: the second definition is ignored with an error (exit 5, still
        // runnable), so VI_2 would disappear. (A missing virtual_router_id no longer serves here: keepalived
        // refuses to start on it, so such a file is refused as unrunnable.)
        var next = Instance("VI_1", 1, "192.0.2.1/24\n192.0.2.2/24") + Instance("VI_1", 2, "198.51.100.1/24");
        Assert.Equal(5, Load(next).ExitCode);
        var why = Refusal(next);
        Assert.Contains("instance VI_2", why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_garbage_file_is_refused()
    {
        Assert.NotNull(Refusal("\u0001\u0002 garbage { { {\nnot a keepalived file\n"));
        Assert.NotNull(Refusal(string.Empty + "vrrp_instance {\n"));
    }

    [Fact]
    public void Removing_on_purpose_without_errors_is_applied()
    {
        Assert.Null(Refusal(Instance("VI_1", 1, "192.0.2.1/24")));
        Assert.Null(Refusal(Running));
    }

    [Fact]
    public void An_error_that_drops_nothing_running_is_applied_as_before()
    {
        // An unknown keyword is worked around (exit code 5) but every instance and VIP is still there.
        var next = Running +
            "vrrp_instance VI_3 {\n interface eth0\n virtual_router_id 3\n bogus_keyword 1\n virtual_ipaddress {\n" +
            " 203.0.113.1/24\n }\n}\n";
        Assert.NotEqual(0, Load(next).ExitCode);
        Assert.Null(Refusal(next));
    }

    [Fact]
    public void A_configuration_that_cannot_run_is_refused()
    {
        var r = ConfigLoader.Load("/missing.conf", new InMemoryConfigSource(), new ConfigOptions());
        Assert.NotNull(ReloadPolicy.Refusal(Load(Running).Model!, r));
    }

    [Theory]
    [InlineData(
        "net_namespace blue\n",
        "net_namespace red\n",
        "running in net_namespace blue, the file now names net_namespace red")]
    [InlineData("net_namespace blue\n", "", "running in net_namespace blue, the file now names no net_namespace")]
    [InlineData("", "net_namespace red\n", "running in no net_namespace, the file now names net_namespace red")]
    public void A_reload_that_changes_the_net_namespace_is_refused_as_keepalived_refuses_it(
        string before,
        string after,
        string detail)
    {
        var why = ReloadPolicy.Refusal(Load(before + Running).Model!, Load(after + Running));
        Assert.Equal($"Cannot change network namespace at a reload - please restart vigil ({detail})", why);
    }

    [Fact]
    public void A_reload_that_keeps_the_net_namespace_is_applied() =>
        Assert.Null(
            ReloadPolicy.Refusal(
                Load("net_namespace blue\n" + Running).Model!,
                Load("net_namespace blue\n" + Running)));
}
