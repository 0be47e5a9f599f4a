using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Status;

public sealed class RenderTests
{
    private static string Table(Vigil.Operations.Status.StatusSnapshot s) =>
        StatusTableRenderer.Render(StatusJsonReader.Status(StatusJsonWriter.Status(s)), Fixtures.WallNow);

    private static string Explain(string name) =>
        ExplainRenderer.Render(StatusJsonReader.Explain(StatusJsonWriter.Explain(Fixtures.Snapshot(), name)!));

    [Fact]
    public void The_table_has_one_row_per_instance_with_state_priority_and_master()
    {
        var lines = Table(Fixtures.Snapshot()).Split('\n');

        Assert.StartsWith(
            "vigil 0.1.0  pid 1234  config /etc/keepalived/keepalived.conf  up 10m00s  loaded 1m30s ago",
            lines[0],
            StringComparison.Ordinal);
        var header = Array.FindIndex(lines, l => l.StartsWith("INSTANCE", StringComparison.Ordinal));
        Assert.Matches(
            @"^VI_1\s+BACKUP\s+51\s+eth0\s+80\s+100\s+192\.0\.2\.12\s+5s\s+198\.51\.100\.1/24$",
            lines[header + 1]);
        Assert.Matches(
            @"^VI_2\s+MASTER\s+52\s+eth0\s+150\s+150\s+this node\s+5s\s+198\.51\.100\.2/24 198\.51\.100\.3/32$",
            lines[header + 2]);
        Assert.Matches(@"^VI_3\s+FAULT\s+53\s+eth0\s+100\s+100\s+-\s+5s\s+-$", lines[header + 3]);
    }

    [Fact]
    public void The_table_calls_out_faults_and_tracker_penalties()
    {
        var text = Table(Fixtures.Snapshot());

        Assert.Contains("  VI_3: fault: interface eth1 down\n", text, StringComparison.Ordinal);
        Assert.Contains("  VI_1: script chk_app is KO: -20\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\nchk_app\s+KO\s+0 \(rise 2, fall 3\)\s+12\s+exit 1 in 4 ms\n", text);
    }

    [Fact]
    public void An_empty_daemon_says_so() =>
        Assert.Contains("no VRRP instances configured", Table(Fixtures.Snapshot() with
        {
            Engine = Fixtures.Snapshot().Engine with { Instances = [], Scripts = [] },
        }), StringComparison.Ordinal);

    [Fact]
    public void Explain_shows_the_priority_arithmetic()
    {
        var text = Explain("VI_1");

        Assert.StartsWith(
            "VI_1: BACKUP  (VRID 51 on eth0, ipv4, VRRPv2)\n  why: BACKUP: 192.0.2.12 advertises",
            text,
            StringComparison.Ordinal);
        Assert.Matches(@"base priority\s+100\n", text);
        Assert.Matches(@"script chk_app is KO\s+-20\s+\(weight -20\)\n", text);
        Assert.Matches(@"total\s+80\n", text);
        Assert.Matches(@"effective priority\s+80\n", text);
    }

    [Fact]
    public void Explain_says_why_this_node_is_backup()
    {
        Assert.Contains(
            "192.0.2.12 is MASTER; this node is BACKUP because its priority 100 is above ours (80)",
            Explain("VI_1"),
            StringComparison.Ordinal);
        Assert.Contains("preempt on, no delay", Explain("VI_1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_of_a_master_and_of_a_fault()
    {
        Assert.Contains(
            "this node is MASTER (advertising from 192.0.2.11) at priority 150",
            Explain("VI_2"),
            StringComparison.Ordinal);
        Assert.Contains("next advert in 2000 ms", Explain("VI_2"), StringComparison.Ordinal);

        var fault = Explain("VI_3");
        Assert.Contains("Faults\n  interface eth1 down\n", fault, StringComparison.Ordinal);
        Assert.Contains("interface eth1 is DOWN", fault, StringComparison.Ordinal);
        Assert.Contains("<< FAULT", fault, StringComparison.Ordinal);
        Assert.Contains("cannot be MASTER while it is in FAULT", fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_shows_the_clamp_and_nopreempt()
    {
        var clamped = Fixtures.Backup() with
        {
            BasePriority = 10, TotalPriority = -10, EffectivePriority = 1, Clamp = "total -10 clamped to 1",
            Preempt = false, MasterPriority = 0 + 1,
        };
        var json = StatusJsonWriter.Explain(Fixtures.Snapshot(clamped), "VI_1")!;

        var text = ExplainRenderer.Render(StatusJsonReader.Explain(json));

        Assert.Matches(@"total\s+-10\n", text);
        Assert.Contains("(total -10 clamped to 1: priorities stay within 1..254)", text, StringComparison.Ordinal);
        Assert.Contains("nopreempt: this node does not take over", text, StringComparison.Ordinal);
        Assert.Contains("on a tie, the higher primary address wins", text, StringComparison.Ordinal);
    }
}
