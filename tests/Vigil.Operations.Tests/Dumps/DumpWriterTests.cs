using Vigil.Operations.Dumps;

namespace Vigil.Operations.Tests.Dumps;

public sealed class DumpWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-dump-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_data_dump_reads_back_with_a_keepalived_format_parser()
    {
        var text = DataDumpWriter.Render(Fixtures.Snapshot());

        var parsed = KeepalivedDataParser.Parse(text);

        Assert.Equal(["VI_1", "VI_2", "VI_3"], parsed.Instances.Keys);
        Assert.Equal(
            ("BACKUP", "eth0", 51),
            (parsed.Instances["VI_1"].State, parsed.Instances["VI_1"].Interface, parsed.Instances["VI_1"].Vrid));
        Assert.Equal("MASTER", parsed.Instances["VI_2"].State);
        Assert.Equal("FAULT", parsed.Instances["VI_3"].State);
        Assert.Equal(["198.51.100.1/24 dev eth0 scope global"], parsed.Instances["VI_1"].Vips);
        Assert.Equal(
            ["198.51.100.2/24 dev eth0 scope global set", "198.51.100.3/32 dev eth0 scope global set"],
            parsed.Instances["VI_2"].Vips);
        Assert.Empty(parsed.Instances["VI_3"].Vips);
        Assert.Equal([("chk_app", "BAD", "idle")], parsed.Scripts);
    }

    [Fact]
    public void The_data_dump_has_keepalived_lines_for_priorities_and_the_script_command()
    {
        var text = DataDumpWriter.Render(Fixtures.Snapshot());

        Assert.Contains(
            "------< VRRP Topology >------\n VRRP Instance = VI_1\n   VRRP Version = 2\n   State = BACKUP\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains(
            "   Priority = 100\n   Effective priority = 80\n   Total priority = 80\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("   Master down timer = 3687000 usecs\n", text, StringComparison.Ordinal);
        Assert.Contains("   Last transition = 1767226195.000000 (", text, StringComparison.Ordinal);
        Assert.Contains("   Tracked scripts :\n     chk_app weight -20\n", text, StringComparison.Ordinal);
        Assert.Contains(
            " VRRP Script = chk_app\n   Command = '/usr/local/bin/check --fast'\n   Interval = 2 sec\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("   Tracking instances :\n     VI_1, weight -20\n", text, StringComparison.Ordinal);
    }

    /// <summary>keepalived 2.4.3's instance lines, in its order (observed with `kill -USR1`); OpenShift's probe and
    /// similar scripts grep " VRRP Instance = " and "State = ", keepalived-exporter reads the same lines.</summary>
    [Fact]
    public void The_instance_section_has_keepalived_2_4_3_lines_in_its_order()
    {
        var snapshot = Fixtures.Snapshot();
        var vi1 = snapshot.Config!.Instances.Count == 0
            ? new Vigil.Config.Model.VrrpInstanceConfig { Name = "VI_1", Vrid = 51, Interface = "eth0" }
            : snapshot.Config.Instances[0];
        snapshot = snapshot with { Config = snapshot.Config with { Instances = [vi1] } };
        var text = DataDumpWriter.Render(snapshot);
        var section = text[text.IndexOf(
            " VRRP Instance = VI_1\n",
            StringComparison.Ordinal)..text.IndexOf(" VRRP Instance = VI_2\n", StringComparison.Ordinal)];
        var keys = section.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("     ", StringComparison.Ordinal))
            .Select(l => l.Split(" = ")[0].Split(" (")[0].Trim())
            .ToList();
        string[] keepalived =
        [
            "VRRP Instance", "VRRP Version", "State", "Flags: none", "Wantstate", "Number of config faults",
            "Number of tracker faults", "Flags of interface faults -", "Number of track scripts init",
            "Last transition", "Read timeout", "Master down timer", "Interface", "Multicast address 224.0.0.18",
            "Gratuitous ARP delay", "Gratuitous ARP repeat", "Gratuitous ARP refresh", "Gratuitous ARP refresh repeat",
            "Gratuitous ARP lower priority delay", "Gratuitous ARP lower priority repeat", "Down timer adverts",
            "Send advert after receive lower priority advert", "Send advert after receive higher priority advert",
            "Virtual Router ID", "Priority", "Effective priority", "Total priority", "Advert interval", "Accept",
            "Preempt", "Promote_secondaries", "Authentication type", "Virtual IP", "Tracked scripts :",
            "Using smtp notification", "Notify deleted", "Notify priority changes",
        ];
        Assert.Equal(keepalived, keys.Take(keepalived.Length));
        Assert.Contains("   Advert interval = 1 sec\n", section, StringComparison.Ordinal);
        Assert.Contains("   Notify deleted = Fault\n", section, StringComparison.Ordinal);
        Assert.Matches(
            @"   Last transition = 1767226195\.000000 \(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.000000 \d{4}\)\n",
            section);
    }

    [Fact]
    public void Tracked_files_have_keepalived_s_section()
    {
        var snapshot = Fixtures.Snapshot(Fixtures.Backup() with
        {
            Trackers = [new Vigil.Engine.Status.TrackerStatus("file", "tf", "0", -5, false, 0, false, null)],
        });
        snapshot = snapshot with
        {
            Config = snapshot.Config! with
            {
                TrackFiles = [new Vigil.Config.Model.TrackFileConfig
                {
                    Name = "tf",
                    Path = "/run/tf",
                    Weight = -5,
                    Tracked = true
                }]
            },
        };
        var text = DataDumpWriter.Render(snapshot);
        Assert.Contains("   Tracked files :\n     tf, weight -5\n", text, StringComparison.Ordinal);
        Assert.EndsWith("------< VRRP Track files >------\n Track file = tf\n   File = /run/tf\n   Status = 0\n" +
            "   Weight = -5\n" +
            "   Tracking instances :\n     VI_1, weight -5\n", text, StringComparison.Ordinal);
    }

    /// <summary>The lines keepalived 2.2.7 wrote on SIGUSR1 for a partial-match process tracker with quorum_max,
    /// reverse weight, delays and full_command (observed in a namespace, where it sees no process).</summary>
    [Fact]
    public void Tracked_processes_have_keepalived_s_section()
    {
        var snapshot = Fixtures.Snapshot(Fixtures.Backup() with
        {
            Trackers = [new Vigil.Engine.Status.TrackerStatus("process", "tp_sleep", "down", 5, true, 0, false, null)],
        });
        snapshot = snapshot with
        {
            Config = snapshot.Config! with
            {
                TrackProcesses =
                [
                    new Vigil.Config.Model.TrackProcessConfig
                    {
                        Name = "tp_sleep", Process = "sleep", ParamMatch = "partial", Quorum = 1, QuorumMax = 3,
                        Weight = 10, Reverse = true, TerminateDelayMs = 1500, ForkDelayMs = 1000, FullCommand = true,
                        Tracked = true,
                    },
                ],
            },
            Engine = snapshot.Engine with
            {
                Processes = [new Vigil.Engine.Status.ProcessTrackerStatus("tp_sleep", false, 0, 1, 3, 1000, 1500, null)]
            },
        };
        var text = DataDumpWriter.Render(snapshot);
        Assert.Contains("   Tracked processes :\n     tp_sleep, weight 5 reverse\n", text, StringComparison.Ordinal);
        Assert.EndsWith("""
            ------< VRRP Track processes >------
             VRRP Track process = tp_sleep
               Process = sleep
               Param match = partial
               Min processes = 1
               Max processes = 3
               Current processes = 0
               Have quorum = false
               Weight = 10 reverse
               Terminate delay = 1.500000s
               Fork delay = 1.000000s
               Fork delay timer not running
               Terminate delay timer not running
               Full command = true
               Tracking instances :
                 VI_1, weight 5 reverse

            """, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_millisecond_script_interval_is_written_as_keepalived_2_4_3_writes_it()
    {
        var s = Fixtures.Snapshot();
        s = s with
        {
            Engine = s.Engine with { Scripts = [Fixtures.Script() with { IntervalMs = 500, TimeoutMs = 250 }] }
        };
        var text = DataDumpWriter.Render(s);
        Assert.Contains("   Interval = 0.500 sec\n   Timeout = 0.250 sec\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_script_reads_as_good()
    {
        var s = Fixtures.Snapshot();
        s = s with
        {
            Engine = s.Engine with
            {
                Scripts = [Fixtures.Script() with { State = Vigil.Core.Primitives.ScriptState.Ok, Running = true }]
            }
        };

        Assert.Equal([("chk_app", "GOOD", "running")], KeepalivedDataParser.Parse(DataDumpWriter.Render(s)).Scripts);
    }

    [Fact]
    public void The_stats_dump_reads_back_with_a_keepalived_format_parser()
    {
        var text = StatsDumpWriter.Render(Fixtures.Snapshot());

        var stats = KeepalivedStatsParser.Parse(text);

        Assert.Equal(["VI_1", "VI_2", "VI_3"], stats.Keys);
        Assert.Equal(42, stats["VI_1"]["Advertisements/Received"]);
        Assert.Equal(3, stats["VI_1"]["Packet Errors/TTL"]);
        Assert.Equal(600, stats["VI_2"]["Advertisements/Sent"]);
        Assert.Equal(1, stats["VI_2"]["Became master"]);
        Assert.Equal(0, stats["VI_3"]["Priority Zero/Sent"]);
        Assert.Equal(14, stats["VI_1"].Count);
    }

    [Fact]
    public void A_dump_replaces_a_symlink_instead_of_writing_through_it()
    {
        var target = Path.Combine(_dir, "precious");
        File.WriteAllText(target, "keep me");
        var path = Path.Combine(_dir, "keepalived.data");
        File.CreateSymbolicLink(path, target);

        DumpFile.Write(path, "dump\n");

        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Equal("dump\n", File.ReadAllText(path));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal(2, Directory.GetFiles(_dir).Length); // no temporary left behind
    }
}
