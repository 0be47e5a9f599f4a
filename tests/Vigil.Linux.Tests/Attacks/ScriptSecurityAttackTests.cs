using Vigil.Engine.Events;
using Vigil.Lab;
using Vigil.Linux.Processes;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Attacks;

/// <summary>
/// A non-root user who can write a script (mode 0777, or a writable directory above it) must never get it run as
/// root: with enable_script_security such a script is disabled at load (track and notify alike) and a script that
/// becomes writable after the load is refused at its next run.
/// </summary>
[Collection("Spawner")]
public sealed class ScriptSecurityAttackTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const UnixFileMode Safe = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Open = Safe | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>A script that appends one line (its first argument) to <paramref name="marker"/> per run.</summary>
    private static string MarkerScript(string dir, string name, string marker, UnixFileMode mode)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"$1\" >> {marker}\nexit 0\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static string Security(string extra = "") =>
        Configs.Global("enable_script_security\n    script_user root\n" + extra);

    private static int Lines(string file) => File.Exists(file) ? File.ReadAllLines(file).Length : 0;

    [Fact]
    public void A_world_writable_track_or_notify_script_never_runs_as_root()
    {
        using var lab = new TestLab(1);
        var pwned = Path.Combine(lab.WorkDir, "pwned");
        var ran = Path.Combine(lab.WorkDir, "ran");
        var evil = MarkerScript(lab.WorkDir, "evil.sh", pwned, Open);
        // A safe script beside it proves that notifies and track scripts do run in this setup.
        var good = MarkerScript(lab.WorkDir, "good.sh", ran, Safe);
        var config = Security() + $$"""
            vrrp_script evil_check {
                script "{{evil}} track"
                interval 0.2
                weight -50
            }
            vrrp_script good_check {
                script "{{good}} track"
                interval 0.2
            }

            """ + Configs.Instance(state: "MASTER", priority: 150, extra: $$"""
            track_script {
                evil_check
                good_check
            }
            notify_master "{{evil}} notify_master"
            notify_backup "{{evil}} notify_backup"
            notify "{{good}} notify"
            """);
        var a = Node.StartVigil(lab, 1, config);
        a.WaitFor(Master, Long);
        Assert.True(a.Has("disabling track script evil_check: unsafe permissions"), a.Log);
        Assert.True(a.Has("disabling notify script of VI_1: unsafe permissions"), a.Log);
        WaitUntil(
            () => File.Exists(ran)
                && File.ReadAllLines(ran).Contains("notify")
                && File.ReadAllLines(ran).Count(l => l == "track") >= 5,
            a.Log);
        if (File.Exists(pwned))
            Assert.Fail($"the world-writable script ran as root:\n{File.ReadAllText(pwned)}\n{a.Log}");
        // The disabled script's weight is not applied either: the priority stays at its base.
        Assert.DoesNotContain("Changing effective priority", a.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_in_a_directory_a_user_owns_is_disabled()
    {
        using var lab = new TestLab(1);
        var userDir = Path.Combine(lab.WorkDir, "user");
        Directory.CreateDirectory(userDir);
        File.SetUnixFileMode(userDir, Safe);
        var pwned = Path.Combine(lab.WorkDir, "pwned");
        var script = MarkerScript(userDir, "check.sh", pwned, Safe);
        Shell.Must("chown", "65534:65534", userDir); // nobody owns the directory: it can swap the file
        var a = Node.StartVigil(lab, 1, Security() + $$"""
            vrrp_script chk {
                script "{{script}}"
                interval 0.2
            }

            """ + Configs.Instance(
                state: "MASTER",
                priority: 150,
                extra: $"track_script {{\n chk\n }}\nnotify_master \"{script} master\""));
        a.WaitFor(Master, Long);
        Thread.Sleep(1500); // seven intervals of the track script
        Assert.False(File.Exists(pwned), a.Log);
        Assert.True(a.Has("disabling track script chk: unsafe permissions"), a.Log);
    }

    [Fact]
    public void A_script_made_writable_after_the_load_is_refused_at_its_next_run()
    {
        using var lab = new TestLab(1);
        var ran = Path.Combine(lab.WorkDir, "ran");
        var script = MarkerScript(lab.WorkDir, "check.sh", ran, Safe);
        var a = Node.StartVigil(lab, 1, Security() + $$"""
            vrrp_script chk {
                script "{{script}} track"
                interval 0.2
            }

            """ + Configs.Instance(state: "MASTER", priority: 150, extra: "track_script {\n chk\n }"));
        a.WaitFor(Master, Long);
        WaitUntil(() => Lines(ran) >= 3, a.Log);
        int mark = a.LineCount;
        File.SetUnixFileMode(script, Open);
        a.WaitFor("unsafe permissions.*not run as root", Long, mark);
        int runs = Lines(ran);
        Thread.Sleep(1500);
        Assert.Equal(runs, Lines(ran));
    }

    [Fact]
    public async Task The_spawner_refuses_an_unsafe_file_only_when_security_is_asked_for()
    {
        Root.Require();
        var dir = Directory.CreateTempSubdirectory("vg-scriptsec-").FullName;
        try
        {
            var marker = Path.Combine(dir, "marker");
            var script = MarkerScript(dir, "s.sh", marker, Open);
            var refused = await ScriptRunner.RunAsync(
                new ScriptLaunch([script, "secure"], RequireSecure: true),
                TimeSpan.FromSeconds(10));
            Assert.Equal(ScriptOutcome.CouldNotStart, refused.Kind);
            Assert.Contains("unsafe permissions", refused.Reason, StringComparison.Ordinal);
            Assert.False(File.Exists(marker));

            // keepalived without enable_script_security runs it (with a warning at load): so does the spawner.
            var ran = await ScriptRunner.RunAsync(new ScriptLaunch([script, "insecure"]), TimeSpan.FromSeconds(10));
            Assert.True(ran.Succeeded, ran.Describe());
            Assert.Equal(["insecure"], File.ReadAllLines(marker));

            // A sticky world-writable directory (as /tmp) is allowed; a plain one is not.
            File.SetUnixFileMode(script, Safe);
            var sticky = Path.Combine(dir, "sticky");
            Directory.CreateDirectory(sticky);
            File.SetUnixFileMode(sticky, Open | UnixFileMode.StickyBit);
            File.Move(script, Path.Combine(sticky, "s.sh"));
            var inSticky = await ScriptRunner.RunAsync(
                new ScriptLaunch([Path.Combine(sticky, "s.sh"), "sticky"], RequireSecure: true),
                TimeSpan.FromSeconds(10));
            Assert.True(inSticky.Succeeded, inSticky.Describe());
            File.SetUnixFileMode(sticky, Open);
            var inOpen = await ScriptRunner.RunAsync(
                new ScriptLaunch([Path.Combine(sticky, "s.sh"), "open"], RequireSecure: true),
                TimeSpan.FromSeconds(10));
            Assert.Equal(ScriptOutcome.CouldNotStart, inOpen.Kind);
            Assert.Equal(["insecure", "sticky"], File.ReadAllLines(marker));

        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WaitUntil(Func<bool> condition, string log)
    {
        var end = DateTime.UtcNow + Long;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                throw new TimeoutException("condition not met within " + Long.TotalSeconds + " s. Log:\n" + log);
            Thread.Sleep(50);
        }
    }
}
