using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>A script that ignores SIGTERM must not outlive the daemon: on stop it gets SIGKILL after the
/// grace.</summary>
public sealed class ScriptOrphanAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    /// <summary>True while any process is in process group <paramref name="group"/> and not a zombie.</summary>
    private static bool GroupAlive(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid pgrp ...: comm may hold spaces, so parse after the last ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[2] == group.ToString(System.Globalization.CultureInfo.InvariantCulture) && fields[0] != "Z")
                    return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
            {
                // the process ended while we looked, or /proc/self-like entries: skip
            }
        }
        return false;
    }

    [Fact]
    public void A_script_that_ignores_sigterm_is_killed_when_the_daemon_stops()
    {
        using var lab = new TestLab(1);
        var pidFile = Path.Combine(lab.WorkDir, "script.pid");
        var stubborn = Path.Combine(lab.WorkDir, "stubborn.sh");
        // SIG_IGN survives exec, so the sleep ignores SIGTERM too: only SIGKILL ends this group.
        File.WriteAllText(
            stubborn,
            $"#!/bin/sh\ntrap '' TERM\necho $$ > {pidFile}.tmp\nmv {pidFile}.tmp {pidFile}\nsleep 60\n");
        File.SetUnixFileMode(stubborn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var a = Node.StartVigil(lab, 1, Configs.Global() + $$"""
            vrrp_script stubborn {
                script "{{stubborn}}"
                interval 1
                timeout 50
            }

            """ + Configs.Instance(state: "MASTER", priority: 150, extra: "track_script {\n stubborn\n }"));
        int group = 0;
        try
        {
            var end = DateTime.UtcNow + Long;
            while (!File.Exists(pidFile) && DateTime.UtcNow < end)
                Thread.Sleep(50);
            Assert.True(File.Exists(pidFile), a.Log);
            group = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(GroupAlive(group));

            a.Signal("TERM");
            Assert.True(a.WaitExit(Long), a.Log);
            end = DateTime.UtcNow + Long;
            while (GroupAlive(group) && DateTime.UtcNow < end)
                Thread.Sleep(100);
            Assert.False(GroupAlive(group), $"script group {group} outlived the daemon\n{a.Log}");
        }
        finally
        {
            // "-s KILL --" is required: procps-ng 4.0's kill reads "kill -KILL -PGID" as a kill of every process.
            if (group > 1)
                Shell.Run("kill", "-s", "KILL", "--", $"-{group}");
        }
    }
}
