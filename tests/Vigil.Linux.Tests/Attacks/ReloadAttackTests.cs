using Vigil.Lab;
using Vigil.Linux.Tests.Cluster;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>
/// Hostile reloads: a configuration that includes a FIFO or an endless device must neither stall the master (its
/// backup would take over) nor kill it, and a configuration that would lose instances or VIPs to errors is refused,
/// by SIGHUP and by <c>vigil reload</c> alike, while the running one keeps serving.
/// </summary>
public sealed class ReloadAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Vip = "198.51.100.1";

    private static string ControlSocket(TestLab lab, int host) => Path.Combine(lab.WorkDir, $"h{host}", "control.sock");

    [Fact]
    public void A_reload_that_includes_a_fifo_or_dev_zero_never_stalls_the_master()
    {
        using var lab = new TestLab(2);
        var (a, b) = ElectionTests.Pair(lab);
        var original = File.ReadAllText(a.ConfigFile);
        var fifo = Path.Combine(lab.WorkDir, "fifo");
        Shell.Must("mkfifo", fifo);
        int markB = b.LineCount;
        foreach (var hostile in new[] { fifo, "/dev/zero", "/dev/urandom" })
        {
            File.WriteAllText(a.ConfigFile, original + $"include {hostile}\n");
            int markA = a.LineCount;
            a.Signal("HUP");
            // Refused with a located error; the rest of the file is unchanged, so nothing running is lost.
            a.WaitFor(@"vigil\.conf:\d+:\d+: error: .*not a regular file", Long, markA);
        }
        // 100 ms adverts: a stall of the master's loop longer than about three intervals lets the backup take over.
        Thread.Sleep(1000);
        Assert.False(b.Has(@"Entering MASTER STATE", markB), b.Log);
        Assert.True(lab.HasAddress(1, Vip), a.Log);
        // The control socket answers and SIGTERM still stops it.
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "status", "--control", ControlSocket(lab, 1));
        Assert.True(code == 0, output + err);
        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
    }

    [Fact]
    public void Vigil_reload_refuses_a_configuration_that_loses_a_vip_or_every_instance_to_errors()
    {
        using var lab = new TestLab(2);
        var (a, b) = ElectionTests.Pair(lab);
        var original = File.ReadAllText(a.ConfigFile);
        int markB = b.LineCount;

        // A typo in the only VIP: the VIP would be removed while the instance stays MASTER.
        File.WriteAllText(
            a.ConfigFile,
            original.Replace("198.51.100.1/24", "198.51.100.300/24", StringComparison.Ordinal));
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "reload", "--control", ControlSocket(lab, 1));
        Assert.True(code != 0, $"reload accepted a config that loses the VIP:\n{output}{err}\n{a.Log}");
        Assert.Contains($"VIP {Vip} of VI_1", output + err, StringComparison.Ordinal);
        Assert.Contains("198.51.100.300", output + err, StringComparison.Ordinal); // the diagnostic itself

        // Garbage: every instance would go, and the peer would take over. Refused by SIGHUP too.
        File.WriteAllText(a.ConfigFile, "\u0001\u0002\u0003 this is { not { a keepalived file\n");
        (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "reload", "--control", ControlSocket(lab, 1));
        Assert.True(code != 0, output + err);
        int markA = a.LineCount;
        a.Signal("HUP");
        a.WaitFor("Reload refused", Long, markA);

        Thread.Sleep(1000);
        Assert.True(lab.HasAddress(1, Vip), a.Log);
        Assert.False(b.Has(@"Entering MASTER STATE", markB), b.Log);

        // Removing the VIP on purpose, in a file without errors, is applied.
        File.WriteAllText(
            a.ConfigFile,
            original.Replace("198.51.100.1/24", "198.51.100.2/24", StringComparison.Ordinal));
        (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "reload", "--control", ControlSocket(lab, 1));
        Assert.True(code == 0, output + err + a.Log);
        var end = DateTime.UtcNow + Long;
        while (lab.HasAddress(1, Vip) && DateTime.UtcNow < end)
            Thread.Sleep(50);
        Assert.False(lab.HasAddress(1, Vip), a.Log);
    }
}
