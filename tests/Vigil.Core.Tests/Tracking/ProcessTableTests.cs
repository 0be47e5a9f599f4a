using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>The pid-to-tracker table fed by process events (exec, fork, comm, exit) and scans.</summary>
public class ProcessTableTests
{
    private static ProcessTable Table() => new(new Dictionary<string, ProcessPattern>
    {
        ["by_name"] = new("nginx", [], ProcessParamMatch.Exact, false),
        ["by_cmd"] = new("/usr/sbin/nginx", ["-g", "daemon off;"], ProcessParamMatch.Partial, false),
        ["other"] = new("haproxy", [], ProcessParamMatch.Exact, false),
    });

    private static readonly string[] NginxArgv = ["/usr/sbin/nginx", "-g", "daemon off;"];

    [Fact]
    public void A_scan_counts_each_tracker()
    {
        var t = Table();
        t.Update(10, "nginx", NginxArgv, ProcessCause.Scan);
        t.Update(11, "nginx", ["nginx: worker process"], ProcessCause.Scan);
        t.Update(12, "bash", ["/bin/bash"], ProcessCause.Scan);
        var counts = t.Counts();
        Assert.Equal(2, counts["by_name"]);
        Assert.Equal(1, counts["by_cmd"]);
        Assert.Equal(0, counts["other"]);
        Assert.Equal(2, t.TrackedProcesses);
        Assert.False(t.IsTracked(12));
        Assert.True(t.NeedsCommandLine);
    }

    [Fact]
    public void Exec_moves_a_process_between_trackers()
    {
        var t = Table();
        Assert.Equal(
            [new ProcessDelta("by_name", 1, ProcessCause.Exec), new ProcessDelta("by_cmd", 1, ProcessCause.Exec)],
            t.Update(20, "nginx", NginxArgv, ProcessCause.Exec).OrderBy(d => d.Tracker == "by_cmd").ToArray());
        var moved = t.Update(20, "haproxy", ["/usr/sbin/haproxy"], ProcessCause.Exec);
        Assert.Contains(new ProcessDelta("by_name", -1, ProcessCause.Exec), moved);
        Assert.Contains(new ProcessDelta("by_cmd", -1, ProcessCause.Exec), moved);
        Assert.Contains(new ProcessDelta("other", 1, ProcessCause.Exec), moved);
        Assert.Empty(t.Update(20, "haproxy", ["/usr/sbin/haproxy"], ProcessCause.Exec));
    }

    [Fact]
    public void A_fork_copies_the_parent_and_the_childs_exec_undoes_it()
    {
        var t = Table();
        t.Update(30, "nginx", NginxArgv, ProcessCause.Scan);
        var forked = t.Fork(30, 31);
        Assert.Equal(2, forked.Count);
        Assert.All(forked, d => Assert.Equal((1, ProcessCause.Fork), (d.Delta, d.Cause)));
        Assert.Equal(2, t.Counts()["by_name"]);
        var exec = t.Update(31, "sh", ["/bin/sh", "-c", "true"], ProcessCause.Exec);
        Assert.All(exec, d => Assert.Equal((-1, ProcessCause.Exec), (d.Delta, d.Cause)));
        Assert.Equal(1, t.Counts()["by_name"]);
    }

    [Fact]
    public void Forks_of_untracked_processes_are_not_remembered()
    {
        var t = Table();
        Assert.Empty(t.Fork(40, 41));
        Assert.Equal(0, t.TrackedProcesses);
    }

    [Fact]
    public void Exit_removes_every_match_once()
    {
        var t = Table();
        t.Update(50, "nginx", NginxArgv, ProcessCause.Scan);
        var exit = t.Exit(50);
        Assert.Equal(2, exit.Count);
        Assert.All(exit, d => Assert.Equal((-1, ProcessCause.Exit), (d.Delta, d.Cause)));
        Assert.Empty(t.Exit(50));
        Assert.Empty(t.Exit(999));
    }

    [Fact]
    public void A_rename_decides_name_patterns_again_and_keeps_command_line_verdicts()
    {
        var t = Table();
        t.Update(60, "nginx", NginxArgv, ProcessCause.Scan);
        var renamed = t.Rename(60, "nginx-old");
        Assert.Equal([new ProcessDelta("by_name", -1, ProcessCause.Comm)], renamed);
        Assert.Equal(1, t.Counts()["by_cmd"]);
        Assert.Equal([new ProcessDelta("other", 1, ProcessCause.Comm)], t.Rename(60, "haproxy"));
        Assert.Equal([new ProcessDelta("other", 1, ProcessCause.Comm)], t.Rename(61, "haproxy"));
    }

    [Fact]
    public void Name_only_tables_never_need_the_command_line()
    {
        var t = new ProcessTable(
            new Dictionary<string, ProcessPattern> { ["a"] = new("a", [], ProcessParamMatch.Exact, false) });
        Assert.False(t.NeedsCommandLine);
        t.Update(1, "a", [], ProcessCause.Scan);
        t.Clear();
        Assert.Equal(0, t.Counts()["a"]);
    }
}
