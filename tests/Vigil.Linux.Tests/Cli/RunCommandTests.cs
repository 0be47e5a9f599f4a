using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cli;

public sealed class RunCommandTests
{
    [Fact]
    public void Refuses_an_exit_4_configuration_with_one_clear_line()
    {
        Root.Require();
        var (code, _, err) = Shell.Run("dotnet", Node.VigilDll, "run", "-f", "/nonexistent/keepalived.conf", "-p",
            Path.Combine(Path.GetTempPath(), $"vg-{Guid.NewGuid():N}.pid"));
        Assert.Equal(4, code);
        Assert.Contains("refusing to start", err);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("refusing to start"));
    }

    [Fact]
    public void Refuses_to_start_without_privileges()
    {
        Root.Require();
        var home = Directory.CreateTempSubdirectory("vg-nobody-").FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0x1FF);
        var (code, _, err) = Shell.Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
            "env", $"HOME={home}", "DOTNET_CLI_HOME=" + home, "dotnet", Node.VigilDll, "run", "-f", "/etc/hostname");
        Directory.Delete(home, recursive: true);
        Assert.Equal(1, code);
        Assert.Contains("CAP_NET_ADMIN and CAP_NET_RAW", err);
        Assert.Contains("refusing to start", err);
    }

    [Fact]
    public void Keepalived_style_flags_without_a_command_mean_run()
    {
        Root.Require();
        var (code, _, err) = Shell.Run(
            "dotnet",
            Node.VigilDll,
            "-n",
            "-l",
            "-D",
            "-f",
            "/nonexistent/keepalived.conf",
            "-p",
            Path.Combine(Path.GetTempPath(), $"vg-{Guid.NewGuid():N}.pid"));
        Assert.Equal(4, code);
        Assert.Contains("refusing to start", err);
    }
}
