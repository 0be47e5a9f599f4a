using Vigil.Lab;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>vrrp_track_process on a live cluster: a process the test starts and kills moves the VIP between Vigil
/// and keepalived (2.2.7 and 2.4.3).</summary>
public sealed class ProcessTrackingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";
    private const string Fault = @"\(VI_1\) Entering FAULT STATE";

    private static string Tracker(TrackedProcess p, int weight, string extra = "") =>
        $$"""
        vrrp_track_process tp {
            process {{p.Name}}
            weight {{weight}}
            {{extra}}
        }

        """;

    /// <summary>Polls <c>vigil status --json</c> until its processes list holds both fragments (generous
    /// deadline).</summary>
    private static bool StatusBecomes(TestLab lab, int host, string tracker, string pending)
    {
        var control = Path.Combine(lab.WorkDir, $"h{host}", "control.sock");
        var end = DateTime.UtcNow + Long;
        while (DateTime.UtcNow < end)
        {
            var (code, output, _) = Shell.Run("dotnet", Node.VigilDll, "status", "--json", "--control", control);
            int at = output.IndexOf("\"processes\"", StringComparison.Ordinal);
            if (code == 0 && at >= 0 && output.IndexOf(tracker, at, StringComparison.Ordinal) is var i and >= 0
                && output.IndexOf(pending, i, StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            Thread.Sleep(200);
        }
        return false;
    }

    [Theory]
    [MemberData(nameof(Peer.Versions), MemberType = typeof(Peer))]
    public void A_weighted_process_hands_the_vip_to_keepalived_and_takes_it_back(string peer)
    {
        Peer.Require(peer);
        using var lab = new TestLab(2);
        using var process = new TrackedProcess(lab.WorkDir);
        process.Start();
        var vigil = Node.StartVigil(lab, 1, Configs.Global() + Tracker(process, -100)
            + Configs.Instance(priority: 150, extra: "track_process {\n tp\n }"));
        vigil.WaitFor(Master, Long);
        vigil.WaitFor("Tracking processes: ", Long);
        var ka = Peer.Start(lab, 2, Configs.Global() + Configs.Instance(priority: 100), peer);
        ka.WaitFor(Backup, Long);

        process.StopOne();
        vigil.WaitFor("Quorum lost for tracked process tp", Long);
        vigil.WaitFor("Changing effective priority from 150 to 50", Long);
        ka.WaitFor(Master, Long);
        vigil.WaitFor(Backup, Long, vigil.WaitFor(Master, Long).Index);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), ka.Log);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), vigil.Log);

        int mark = vigil.LineCount;
        process.Start();
        vigil.WaitFor("Quorum gained for tracked process tp", Long, mark);
        vigil.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), vigil.Log);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: false), ka.Log);
    }

    [Fact]
    public void Weight_0_faults_after_terminate_delay_and_a_restart_within_it_is_not_seen()
    {
        Root.Require();
        using var lab = new TestLab(2);
        using var process = new TrackedProcess(lab.WorkDir);
        process.Start();
        var a = Node.StartVigil(lab, 1, Configs.Global() + Tracker(process, 0, "terminate_delay 3")
            + Configs.Instance(priority: 150, extra: "track_process {\n tp\n }"));
        a.WaitFor(Master, Long);
        var b = Node.StartVigil(lab, 2, Configs.Global() + Configs.Instance(priority: 100));
        b.WaitFor(Backup, Long);

        // A restart within terminate_delay: no FAULT.
        int mark = a.LineCount;
        process.StopOne();
        process.Start();
        // The daemon's own account: one running again and no delay pending, so no change is coming.
        Assert.True(
            StatusBecomes(lab, 1, "\"name\":\"tp\",\"state\":\"UP\",\"count\":1,", "\"pending_ms\":null"),
            a.Log);
        Assert.False(a.Has("Quorum lost", mark), a.Log);
        Assert.False(a.Has(Fault), a.Log);

        process.StopOne();
        a.WaitFor("Quorum lost for tracked process tp", Long, mark);
        a.WaitFor(Fault, Long, mark);
        b.WaitFor(Master, Long);

        process.Start();
        a.WaitFor("Quorum gained for tracked process tp", Long, mark);
        a.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), a.Log);
    }

    [Fact]
    public void A_reload_that_tracks_another_process_rescans_and_follows_it()
    {
        Root.Require();
        using var lab = new TestLab(1);
        using var first = new TrackedProcess(lab.WorkDir);
        using var second = new TrackedProcess(lab.WorkDir);
        first.Start();
        var a = Node.StartVigil(
            lab,
            1,
            Configs.Global() + Tracker(first, 0) + Configs.Instance(priority: 150, extra: "track_process {\n tp\n }"));
        a.WaitFor(Master, Long);

        // Same tracker name, another process (not running): the rescan finds none, so the reload faults the instance.
        int mark = a.LineCount;
        File.WriteAllText(
            a.ConfigFile,
            Configs.Global() + Tracker(second, 0) + Configs.Instance(priority: 150, extra: "track_process {\n tp\n }"));
        a.Signal("HUP");
        a.WaitFor(Fault, Long, mark);

        // Events of the first process no longer count; the second one's do.
        first.StopOne();
        second.Start();
        a.WaitFor("Quorum gained for tracked process tp", Long, mark);
        a.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), a.Log);
    }
}
