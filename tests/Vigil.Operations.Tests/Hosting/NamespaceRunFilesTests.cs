using Vigil.Daemon;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>With net_namespace NAME the default run files move to /run/vigil/NAME/ (keepalived's to
/// /run/keepalived/NAME/); paths given with -p and --control stay; -s NAME is keepalived's option.</summary>
public sealed class NamespaceRunFilesTests
{
    private static DaemonOptions Parse(params string[] args)
    {
        var (options, error) = DaemonOptions.Parse(args);
        Assert.Null(error);
        return options!;
    }

    [Fact]
    public void The_defaults_move_into_the_namespace_directory()
    {
        var o = Parse("-f", "/etc/k.conf").InNamespace("blue");
        Assert.Equal("/run/vigil/blue/vigil.pid", o.PidFile);
        Assert.Equal("/run/vigil/blue/control.sock", o.ControlSocket);
        Assert.Equal("/run/vigil/blue", RunFiles.Directory("blue"));
    }

    [Fact]
    public void Without_a_namespace_the_defaults_stay()
    {
        var o = Parse().InNamespace(null);
        Assert.Equal("/run/vigil.pid", o.PidFile);
        Assert.Equal("/run/vigil/control.sock", o.ControlSocket);
        Assert.Null(RunFiles.Directory(null));
    }

    [Fact]
    public void Paths_given_on_the_command_line_stay_where_they_were_given()
    {
        var o = Parse("-p", "/tmp/a.pid", "--control=/tmp/a.sock").InNamespace("blue");
        Assert.Equal("/tmp/a.pid", o.PidFile);
        Assert.Equal("/tmp/a.sock", o.ControlSocket);
    }

    [Theory]
    [InlineData("-s", "blue")]
    [InlineData("--namespace", "blue")]
    [InlineData("--namespace=blue")]
    public void The_namespace_option_is_keepalived_s(params string[] args) =>
        Assert.Equal("blue", Parse(args).NetNamespace);

    [Fact]
    public void A_namespace_option_that_is_not_a_name_is_a_bad_option()
    {
        var (options, error) = DaemonOptions.Parse(["-s", "a/b"]);
        Assert.Null(options);
        Assert.Contains("not a namespace name", error, StringComparison.Ordinal);
        Assert.Contains("needs a namespace name", DaemonOptions.Parse(["-s"]).Error, StringComparison.Ordinal);
    }
}
