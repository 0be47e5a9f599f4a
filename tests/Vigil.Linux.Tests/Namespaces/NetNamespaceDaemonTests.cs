using System.Globalization;
using System.Security.Cryptography;
using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Namespaces;

/// <summary>
/// <c>net_namespace NAME</c> with the real daemon: started in the test's own namespace, it moves into the lab host's
/// namespace (the same process, executed again), serves there, keeps its run files in /run/vigil/NAME/, answers
/// status and stop found from the configuration file alone, and follows tracked processes through the connector it
/// opened before the move. keepalived 2.2.7 is run on the same setup where it shows the same thing.
/// </summary>
public sealed class NetNamespaceDaemonTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Fault = @"\(VI_1\) Entering FAULT STATE";
    private const string Vip = "198.51.100.1";

    /// <summary>Removes the run directories of a namespace at the end, also after a failure (a killed daemon leaves
    /// them). Owned by the lab before any daemon, so it goes after them.</summary>
    private sealed class RunDirectories(string name) : IDisposable
    {
        public void Dispose()
        {
            foreach (var dir in new[] { $"/run/vigil/{name}", $"/run/keepalived/{name}" })
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static (TestLab Lab, string Ns) Lab(int hosts = 1)
    {
        var lab = new TestLab(hosts);
        lab.Own(new RunDirectories(lab.Host(1)));
        return (lab, lab.Host(1));
    }

    /// <summary>The inode of a network namespace: of /run/netns/NAME, or of a process's /proc/PID/ns/net.</summary>
    private static string Inode(string path) => Shell.Must("stat", "-L", "-c", "%i", path).Trim();

    private static bool HostHasVip() =>
        Shell.Must("ip", "-o", "addr", "show").Contains(Vip + "/", StringComparison.Ordinal);

    [Fact]
    public void Vigil_moves_into_the_namespace_keeps_its_run_files_there_answers_status_and_stop_cleans_up()
    {
        var (lab, ns) = Lab();
        using var owned = lab;
        var vigil = Node.StartVigilEntering(lab, 1, Configs.Global() + Configs.Instance(priority: 150));
        vigil.WaitFor(
            $"Running in network namespace {ns}: pid file /run/vigil/{ns}/vigil.pid, control socket " +
            $"/run/vigil/{ns}/control.sock",
            Long);
        vigil.WaitFor(Master, Long);
        Assert.True(lab.AddressBecomes(1, Vip, present: true), vigil.Log);
        Assert.False(HostHasVip(), "the VIP must not appear in the namespace the daemon was started in");

        // The same process, executed again inside: the pid file names it, and its network namespace is the lab's.
        Assert.Equal(
            vigil.Pid,
            int.Parse(File.ReadAllText($"/run/vigil/{ns}/vigil.pid").Trim(), CultureInfo.InvariantCulture));
        Assert.Equal(Inode($"/run/netns/{ns}"), Inode($"/proc/{vigil.Pid}/ns/net"));
        Assert.NotEqual(Inode($"/proc/{Environment.ProcessId}/ns/net"), Inode($"/proc/{vigil.Pid}/ns/net"));
        // Its own sysfs: /sys/class/net, seen through its root, lists the namespace's interfaces only.
        Assert.Equal(
            ["eth0", "lo"],
            Directory.GetFileSystemEntries($"/proc/{vigil.Pid}/root/sys/class/net").Select(Path.GetFileName).Order());
        Assert.False(
            File.Exists("/run/vigil.pid")
                && File.ReadAllText("/run/vigil.pid").Trim() == vigil.Pid.ToString(CultureInfo.InvariantCulture));

        // status and stop find the socket from the file's net_namespace: no --control.
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "status", "-f", vigil.ConfigFile);
        Assert.True(code == 0, err);
        Assert.Contains("VI_1", output, StringComparison.Ordinal);
        Assert.Contains("MASTER", output, StringComparison.Ordinal);
        (code, _, err) = Shell.Run("dotnet", Node.VigilDll, "stop", "-f", vigil.ConfigFile);
        Assert.True(code == 0, err);
        Assert.True(vigil.WaitExit(Long), vigil.Log);
        Assert.Equal(0, vigil.ExitCode);
        Assert.False(lab.HasAddress(1, Vip), vigil.Log);
        Assert.False(Directory.Exists($"/run/vigil/{ns}"), "the namespace's run directory is removed at stop");
    }

    [Fact]
    public void A_tracked_process_is_followed_through_the_connector_opened_before_the_move()
    {
        var (lab, _) = Lab();
        using var owned = lab;
        using var process = new TrackedProcess(lab.WorkDir);
        process.Start();
        var vigil = Node.StartVigilEntering(lab, 1, Configs.Global()
            + $"vrrp_track_process tp {{\n process {process.Name}\n weight 0\n}}\n"
            + Configs.Instance(priority: 150, extra: "track_process {\n tp\n }"));
        vigil.WaitFor(
            @"Tracking processes: process event connector \(opened in the initial network namespace before the move, " +
            @"handed over\)",
            Long);
        vigil.WaitFor(Master, Long);

        // The descriptor named to the new image is the connector socket, close-on-exec since it was taken.
        var environ = File.ReadAllText($"/proc/{vigil.Pid}/environ").Split('\0');
        var fd = Assert.Single(
            environ,
            e => e.StartsWith("VIGIL_PROC_CONNECTOR_FD=", StringComparison.Ordinal)).Split('=')[1];
        Assert.StartsWith("socket:", new FileInfo($"/proc/{vigil.Pid}/fd/{fd}").LinkTarget, StringComparison.Ordinal);
        var flags = File.ReadAllLines($"/proc/{vigil.Pid}/fdinfo/{fd}").Single(
            l => l.StartsWith("flags:", StringComparison.Ordinal));
        Assert.NotEqual(0, Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 0x80000); // O_CLOEXEC

        int mark = vigil.LineCount;
        process.StopOne();
        vigil.WaitFor("Quorum lost for tracked process tp", Long, mark);
        vigil.WaitFor(Fault, Long, mark);
        Assert.True(lab.AddressBecomes(1, Vip, present: false), vigil.Log);
        process.Start();
        vigil.WaitFor("Quorum gained for tracked process tp", Long, mark);
        vigil.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, Vip, present: true), vigil.Log);
    }

    [Fact]
    public void A_reload_that_names_another_namespace_is_refused_and_the_daemon_stays()
    {
        var (lab, ns) = Lab(2);
        using var owned = lab;
        var config = Configs.Global() + Configs.Instance(priority: 150);
        var vigil = Node.StartVigilEntering(lab, 1, config);
        vigil.WaitFor(Master, Long);

        File.WriteAllText(vigil.ConfigFile, $"net_namespace {lab.Host(2)}\n" + config);
        var (code, _, err) = Shell.Run("dotnet", Node.VigilDll, "reload", "--control", $"/run/vigil/{ns}/control.sock");
        Assert.Equal(1, code);
        Assert.Contains(
            "Cannot change network namespace at a reload - please restart vigil",
            err,
            StringComparison.Ordinal);
        vigil.WaitFor(
            $"Reload refused: Cannot change network namespace at a reload - please restart vigil \\(running in " +
            $"net_namespace {ns}, the file now names net_namespace {lab.Host(2)}\\)",
            Long);

        // Without --control, reload looks where the file now points: no daemon there.
        (code, _, err) = Shell.Run("dotnet", Node.VigilDll, "reload", "-f", vigil.ConfigFile);
        Assert.Equal(3, code);
        Assert.Contains($"/run/vigil/{lab.Host(2)}/control.sock", err, StringComparison.Ordinal);

        Assert.False(vigil.HasExited, vigil.Log);
        Assert.True(lab.HasAddress(1, Vip), vigil.Log);
        Assert.False(lab.HasAddress(2, Vip));
    }

    [Fact]
    public void A_missing_namespace_ends_vigil_with_exit_1_where_keepalived_2_2_7_exits_0()
    {
        Root.RequireKeepalived();
        var name = "vg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)) + "-none";
        var dir = Directory.CreateTempSubdirectory("vg-missing-").FullName;
        try
        {
            var conf = Path.Combine(dir, "keepalived.conf");
            File.WriteAllText(conf, $"net_namespace {name}\n" + Configs.Instance());
            var (code, _, err) = Shell.Run("dotnet", Node.VigilDll, "run", "-f", conf);
            Assert.Equal(1, code);
            Assert.Contains(
                $"Unable to set network namespace {name} - exiting: Failed to open /run/netns/{name}",
                err,
                StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/run/vigil/{name}"));

            var (kcode, kout, kerr) = Shell.Run("/usr/sbin/keepalived", "-n", "-l", "-P", "-f", conf, "--no-syslog");
            Assert.Equal(0, kcode);
            Assert.Contains($"Unable to set network namespace {name} - exiting", kout + kerr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            if (Directory.Exists($"/run/keepalived/{name}"))
                Directory.Delete($"/run/keepalived/{name}", recursive: true);
        }
    }

    [Fact]
    public void Keepalived_2_4_3_also_exits_0_for_a_missing_namespace()
    {
        Root.Require();
        Node.Require243();
        var name = "vg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)) + "-none";
        var dir = Directory.CreateTempSubdirectory("vg-missing-").FullName;
        try
        {
            var conf = Path.Combine(dir, "keepalived.conf");
            File.WriteAllText(conf, $"net_namespace {name}\n" + Configs.Instance());
            var (code, output, err) = Shell.Run(
                Node.Keepalived243,
                $"--use-file={conf}",
                "--dont-fork",
                "--log-console",
                "--no-syslog");
            Assert.Equal(0, code);
            Assert.Contains(
                $"Unable to set network namespace {name} - exiting",
                output + err,
                StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            if (Directory.Exists($"/run/keepalived/{name}"))
                Directory.Delete($"/run/keepalived/{name}", recursive: true);
        }
    }

    [Fact]
    public void
        Keepalived_2_2_7_on_the_same_setup_serves_in_the_namespace_with_its_pid_files_under_run_keepalived_NAME()
    {
        Root.RequireKeepalived();
        var (lab, ns) = Lab();
        using var owned = lab;
        var ka = Node.StartKeepalivedEntering(lab, 1, Configs.Global() + Configs.Instance(priority: 150));
        ka.WaitFor(Master, Long);
        Assert.True(lab.AddressBecomes(1, Vip, present: true), ka.Log);
        Assert.False(HostHasVip());
        Assert.True(File.Exists($"/run/keepalived/{ns}/keepalived.pid"), ka.Log);
        var child = int.Parse(File.ReadAllText($"/run/keepalived/{ns}/vrrp.pid").Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(Inode($"/run/netns/{ns}"), Inode($"/proc/{child}/ns/net"));
        ka.Signal("TERM");
        Assert.True(ka.WaitExit(Long), ka.Log);
        Assert.False(lab.HasAddress(1, Vip), ka.Log);
        Assert.False(Directory.Exists($"/run/keepalived/{ns}"), "keepalived removes its run directory at stop");
    }
}
