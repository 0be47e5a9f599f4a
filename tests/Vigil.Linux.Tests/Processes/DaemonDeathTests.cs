using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Processes;

/// <summary>A running track script must not outlive a daemon killed with SIGKILL (no chance to clean up): the
/// kernel's parent-death signal (PR_SET_PDEATHSIG, SIGTERM) reaches it.</summary>
public sealed class DaemonDeathTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_script_gets_sigterm_when_its_daemon_is_killed_and_its_group_is_gone()
    {
        using var lab = new TestLab(1);
        var pidFile = Path.Combine(lab.WorkDir, "script.pid");
        var marker = Path.Combine(lab.WorkDir, "got-term");
        var script = Path.Combine(lab.WorkDir, "hold");
        // Outlives its 30 s timeout by far; on SIGTERM it leaves a marker and exits (the trap runs once the
        // current short sleep ends).
        File.WriteAllText(
            script,
            $"#!/bin/sh\ntrap 'echo term > {marker}; exit 0' TERM\necho $$ > {pidFile}\nwhile :; do sleep 0.1; done\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var node = Node.StartVigil(lab, 1, Configs.Global() + $$"""
            vrrp_script hold {
                script "{{script}}"
                interval 1
                timeout 30
            }

            """ + Configs.Instance(extra: "track_script {\n hold\n }"));
        var end = DateTime.UtcNow + Long;
        while (!(File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n')) && DateTime.UtcNow < end)
            Thread.Sleep(50);
        Assert.True(File.Exists(pidFile), "the script never started\n" + node.Log);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.NotEmpty(LiveGroupMembers(pid));
        Assert.False(File.Exists(marker));

        node.Crash(); // SIGKILL

        while (!File.Exists(marker) && DateTime.UtcNow < end + Long)
            Thread.Sleep(50);
        Assert.True(File.Exists(marker), $"script {pid} got no SIGTERM after the daemon died");
        var groupEnd = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (LiveGroupMembers(pid).Count > 0 && DateTime.UtcNow < groupEnd)
            Thread.Sleep(50);
        Assert.Empty(LiveGroupMembers(pid));
    }

    /// <summary>Processes of process group <paramref name="pgid"/> that still run. An orphan that exited is reaped by
    /// whichever process adopted it, so it may show as a zombie for a moment: that is dead, not running.</summary>
    private static List<string> LiveGroupMembers(int pgid)
    {
        var live = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[2] == pgid.ToString() && fields[0] != "Z" && fields[0] != "X")
                    live.Add(stat);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return live;
    }
}
