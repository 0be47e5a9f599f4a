using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>The dispatcher: scripts, trackers, notifies, receive checks, reload and the status snapshot.</summary>
public sealed class EngineTests
{
    private static VigilConfig WithScript(
        int weight,
        int rise = 1,
        int fall = 1,
        int intervalMs = 2000,
        int timeoutMs = 1000) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackScripts = [Track("chk", weight)] })
            .WithScripts(Script("chk", weight, rise, fall, intervalMs, timeoutMs));

    [Fact]
    public void Leftover_vips_are_removed_at_start_and_instance_enters_backup()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        var effects = h.Take();
        Assert.IsType<RemoveAddress>(effects[0]);
        Assert.Contains(effects, e => e is LogLine { Message: "(VI_1) Entering BACKUP STATE (init)" });
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Scripts_run_every_interval_from_the_previous_start_and_skip_while_outstanding()
    {
        var h = new EngineHarness(WithScript(-20));
        var first = h.Take().OfType<RunScript>().Single();
        Assert.Equal(["/usr/local/bin/chk"], first.Argv);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Timeout);
        h.Advance(TimeSpan.FromSeconds(2)); // still outstanding: skipped
        Assert.Empty(h.Take().OfType<RunScript>());
        Assert.Contains(
            h.All,
            e => e is LogLine l && l.Message.Contains("is already running, expect idle - skipping run"));
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", first.RunId, 0, TimeSpan.FromMilliseconds(3)), h.Now);
        h.Advance(TimeSpan.FromSeconds(2));
        var second = h.Take().OfType<RunScript>().Single();
        Assert.NotEqual(first.RunId, second.RunId);
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", second.RunId, 0, TimeSpan.FromMilliseconds(3)), h.Now);
        h.RunUntil(MonotonicTime.FromMilliseconds(1000 + 5999));
        Assert.Empty(h.Take().OfType<RunScript>());
        h.RunUntil(MonotonicTime.FromMilliseconds(1000 + 6000)); // starts at 1 s + k x 2 s
        Assert.Single(h.Take().OfType<RunScript>());
    }

    [Fact]
    public void A_run_that_is_never_reported_is_counted_as_timed_out()
    {
        var h = new EngineHarness(WithScript(0));
        var run = h.Take().OfType<RunScript>().Single();
        h.Advance(TimeSpan.FromSeconds(7)); // timeout 1 s + 5 s grace
        var status = h.Engine.GetStatus().Scripts.Single();
        Assert.Equal(ScriptState.Ko, status.State);
        Assert.Equal("timed_out", status.LastOutcome);
        Assert.Equal(VrrpState.Fault, h.Engine.GetInstanceStatus("VI_1")!.State);
        // The late completion of the abandoned run changes nothing.
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 0, TimeSpan.FromSeconds(7)), h.Now);
        Assert.Equal(ScriptState.Ko, h.Engine.GetStatus().Scripts.Single().State);
    }

    [Fact]
    public void Weight_zero_script_in_init_holds_a_silent_fault_until_its_first_result()
    {
        var h = new EngineHarness(WithScript(0) with
        {
            Instances = [WithScript(0).Instances[0] with { NotifyFault = new ScriptCommand { Argv = ["/bin/fault"] } }]
        });
        var run = h.Take().OfType<RunScript>().Single();
        Assert.Equal(VrrpState.Fault, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.DoesNotContain(h.All, e => e is RunNotify);
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 0, TimeSpan.FromMilliseconds(1)), h.Now);
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Contains(h.Take(), e => e is LogLine { Message: "VRRP_Script(chk) succeeded" });
    }

    [Fact]
    public void Script_failure_logs_keepalived_wording_and_moves_priority_with_contribution_in_status()
    {
        var h = new EngineHarness(WithScript(-30));
        var run = h.Take().OfType<RunScript>().Single();
        h.Engine.OnScriptCompleted(
            new ScriptCompletion("chk", run.RunId, ScriptOutcome.Exited, 1, 0, TimeSpan.FromMilliseconds(4)),
            h.Now);
        var effects = h.Take();
        Assert.Contains(effects, e => e is LogLine { Message: "VRRP_Script(chk) failed (exited with status 1)" });
        Assert.Contains(effects, e => e is LogLine { Message: "(VI_1) Changing effective priority from 100 to 70" });
        var status = h.Engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(100, status.BasePriority);
        Assert.Equal(70, status.EffectivePriority);
        var tracker = status.Trackers.Single(t => t.Kind == "script");
        Assert.Equal(("chk", "KO", -30, -30), (tracker.Name, tracker.State, tracker.Weight, tracker.Contribution));
        var script = h.Engine.GetStatus().Scripts.Single();
        Assert.Equal((1L, 1, 4L), (script.Runs, script.LastExitStatus!.Value, script.LastDurationMs!.Value));
    }

    [Fact]
    public void Clamp_is_reported_when_the_total_leaves_1_to_254()
    {
        var h = new EngineHarness(WithScript(-200));
        var run = h.Take().OfType<RunScript>().Single();
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 2, TimeSpan.Zero), h.Now);
        var status = h.Engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(-100, status.TotalPriority);
        Assert.Equal(1, status.EffectivePriority);
        Assert.Equal("total -100 clamped to 1", status.Clamp);
    }

    [Fact]
    public void Notifies_run_in_order_specific_then_generic_then_fifo()
    {
        var config = Cluster(Instance("VI_1", 51, 255, "198.51.100.1/24") with
        {
            NotifyMaster = new ScriptCommand { Argv = ["/etc/m.sh", "x"] },
            Notify = new ScriptCommand { Argv = ["/etc/all.sh"] },
        }).WithGlobal(g => g with { NotifyFifo = new NotifyFifoConfig { Path = "/run/fifo" } });
        var h = new EngineHarness(config);
        h.Take();
        h.Advance(TimeSpan.Zero);
        var effects = h.Take().Where(e => e is RunNotify or WriteFifo).ToList();
        Assert.Equal(3, effects.Count);
        Assert.Equal(["/etc/m.sh", "x"], ((RunNotify)effects[0]).Argv);
        Assert.Equal(["/etc/all.sh", "INSTANCE", "VI_1", "MASTER", "255"], ((RunNotify)effects[1]).Argv);
        Assert.Equal("VI_1", ((RunNotify)effects[1]).Key);
        Assert.Equal(new WriteFifo("/run/fifo", "INSTANCE \"VI_1\" MASTER 255"), effects[2]);
    }

    [Fact]
    public void Bad_adverts_are_dropped_and_counted_per_reason()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        var good = EngineHarness.Advert(51, 150, vips: "198.51.100.1");
        Assert.Equal(DropReason.Ttl, h.Receive(good, ttl: 64));
        var corrupt = (byte[])good.Clone();
        corrupt[^1] ^= 0xFF;
        Assert.Equal(DropReason.Checksum, h.Receive(corrupt));
        Assert.Equal(
            DropReason.IntervalMismatch,
            h.Receive(EngineHarness.Advert(51, 150, intervalCs: 200, vips: "198.51.100.1")));
        Assert.Equal(DropReason.Version, h.Receive(EngineHarness.Advert(51, 150, version: 3, vips: "198.51.100.1")));
        Assert.Equal(DropReason.Vrid, h.Receive(EngineHarness.Advert(52, 150, vips: "198.51.100.1")));
        Assert.Equal(DropReason.PacketLength, h.Receive(good[..5]));
        Assert.Equal(DropReason.None, h.Receive(good));
        var counters = h.Engine.GetInstanceStatus("VI_1")!.Counters;
        Assert.Equal(1, counters.Dropped["ttl"]);
        Assert.Equal(1, counters.Dropped["checksum"]);
        Assert.Equal(1, counters.AdvertsReceived);
        Assert.Equal(1, h.Engine.UnknownVridDrops);
        Assert.Equal(System.Net.IPAddress.Parse("192.0.2.20"), h.Engine.GetInstanceStatus("VI_1")!.MasterAddress);
    }

    [Fact]
    public void Vip_list_mismatch_is_counted_but_accepted()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        Assert.Equal(DropReason.None, h.Receive(EngineHarness.Advert(51, 150, vips: "198.51.100.7")));
        Assert.Equal(1, h.Engine.GetInstanceStatus("VI_1")!.Counters.Dropped["address_list"]);
    }

    [Fact]
    public void Link_down_on_the_own_interface_is_a_fault_reason()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        var status = h.Engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(VrrpState.Fault, status.State);
        Assert.Equal(["interface eth0"], status.FaultReasons);
        Assert.StartsWith("FAULT because of interface eth0", status.Reason);
    }

    [Fact]
    public void Reload_remembers_a_link_that_is_down()
    {
        // The engine keeps the link states it was told and gives them to the new configuration's trackers:
        // a reload must not assume a down interface came back up.
        var config = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackInterfaces = [Track("eth1", 0)] });
        var h = new EngineHarness(config);
        h.Engine.OnLinkChanged("eth1", false, h.Now);
        Assert.Equal(["interface eth1"], h.Engine.GetInstanceStatus("VI_1")!.FaultReasons);
        h.Engine.Load(config, h.Now);
        var status = h.Engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(VrrpState.Fault, status.State);
        Assert.Equal(["interface eth1"], status.FaultReasons);
    }

    [Fact]
    public void Track_file_value_times_weight_moves_priority()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackFiles = [Track("tf", 5)] }) with
        {
            TrackFiles = [new TrackFileConfig { Name = "tf", Path = "/run/tf", Weight = 5 }],
        };
        var h = new EngineHarness(config);
        h.Engine.OnFileValueChanged("tf", -4, h.Now);
        Assert.Equal(80, h.Engine.GetInstanceStatus("VI_1")!.EffectivePriority);
        h.Engine.OnFileValueChanged("tf", -60, h.Now); // -300 <= -254: FAULT
        Assert.Equal(VrrpState.Fault, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Reload_keeps_script_state_and_instance_state()
    {
        var config = WithScript(-30, rise: 2, fall: 2);
        var h = new EngineHarness(config);
        var run = h.Take().OfType<RunScript>().Single();
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 1, TimeSpan.Zero), h.Now);
        Assert.Equal(70, h.Engine.GetInstanceStatus("VI_1")!.EffectivePriority);
        h.Engine.Load(config, h.Now);
        var effects = h.Take();
        Assert.Contains(effects, e => e is LogLine { Message: "VRRP_Script(chk) considered unsuccessful on reload" });
        Assert.DoesNotContain(effects, e => e is LogLine l && l.Message.Contains("Entering"));
        Assert.Equal(70, h.Engine.GetInstanceStatus("VI_1")!.EffectivePriority);
        Assert.Equal(ScriptState.Ko, h.Engine.GetStatus().Scripts.Single().State);
    }

    /// <summary>Observed with keepalived 2.4.3: an instance a reload removes is FAULT to `notify` (notify_fault and
    /// notify_stop do not run); with `notify_deleted SCRIPT` the script runs and `notify` says DELETED.</summary>
    [Theory]
    [InlineData(false, "FAULT")]
    [InlineData(true, "DELETED")]
    public void An_instance_removed_by_a_reload_is_fault_or_deleted_to_the_notify_scripts(
        bool notifyDeleted,
        string state)
    {
        var gone = Instance("VI_2", 52, 100, "198.51.100.2/24") with
        {
            Notify = new ScriptCommand { Argv = ["/etc/all.sh"] },
            NotifyFault = new ScriptCommand { Argv = ["/etc/fault.sh"] },
            NotifyStop = new ScriptCommand { Argv = ["/etc/stop.sh"] },
            SendDeleted = notifyDeleted,
            NotifyDeleted = notifyDeleted ? new ScriptCommand { Argv = ["/etc/deleted.sh"] } : null,
        };
        var kept = Instance("VI_1", 51, 100, "198.51.100.1/24");
        var h = new EngineHarness(Cluster(kept, gone));
        h.Advance(TimeSpan.FromSeconds(5));
        h.Take();
        h.Engine.Load(Cluster(kept), h.Now);
        var notifies = h.Take().OfType<RunNotify>().Select(n => string.Join(' ', n.Argv)).ToList();
        Assert.Equal(
            notifyDeleted
                ? ["/etc/deleted.sh", $"/etc/all.sh INSTANCE VI_2 {state} 100"]
                : [$"/etc/all.sh INSTANCE VI_2 {state} 100"],
            notifies);
    }

    [Fact]
    public void Shutdown_resigns_masters_and_runs_stop_notifies()
    {
        var config = Cluster(Instance("VI_1", 51, 255, "198.51.100.1/24") with
        {
            NotifyStop = new ScriptCommand { Argv = ["/etc/stop.sh"] }
        });
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.Zero);
        h.Take();
        h.Engine.OnShutdownRequested(h.Now);
        var effects = h.Take();
        Assert.Equal(0, effects.OfType<SendAdvert>().Single().Priority);
        Assert.Single(effects.OfType<RemoveAddress>());
        Assert.Contains(effects, e => e is RunNotify { Argv: ["/etc/stop.sh"] });
        Assert.True(h.Engine.IsStopped);
        Assert.True(h.Engine.NextDeadline.IsNever);
    }

    [Fact]
    public void Shutdown_sends_every_priority_zero_advert_before_removing_any_address()
    {
        var stop = new ScriptCommand { Argv = ["/etc/stop.sh"] };
        var config = Cluster(
            Instance("VI_1", 51, 255, "198.51.100.1/24") with { NotifyStop = stop },
            Instance("VI_2", 52, 255, "198.51.100.2/24") with { NotifyStop = stop },
            Instance("VI_3", 53, 255, "198.51.100.3/24") with { NotifyStop = stop });
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.Zero);
        h.Take();
        h.Engine.OnShutdownRequested(h.Now);
        var kinds = h.Take().Select(e => e switch
        {
            SendAdvert => 0,
            RemoveAddress => 1,
            _ => 2,
        }).ToList();
        Assert.Equal(3, kinds.Count(k => k == 0));
        Assert.Equal(3, kinds.Count(k => k == 1));
        Assert.Equal(kinds.Order().ToList(), kinds);
    }

    [Fact]
    public void Garp_bursts_are_one_announce_effect_per_vip_per_repeat()
    {
        var config = Cluster(
            Instance("VI_1", 51, 255, "198.51.100.1/24", "198.51.100.2/24") with { GarpMasterRepeat = 3 });
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.Zero);
        var effects = h.Take();
        Assert.Equal(6, effects.OfType<Announce>().Count());
        var order = effects.Where(e => e is SendAdvert or AddAddress or Announce)
            .Select(e => e.GetType().Name).Distinct().ToList();
        Assert.Equal(["SendAdvert", "AddAddress", "Announce"], order);
        h.Advance(TimeSpan.FromSeconds(5)); // garp_master_delay: second burst
        Assert.Equal(6, h.Take().OfType<Announce>().Count());
    }

    [Fact]
    public void Steady_state_advert_receive_counts_every_advert()
    {
        // Allocation is a benchmark figure (EngineAdvertBenchmarks, 0 B), not an assertion here: the thread's
        // allocation counter also sees the runtime's own one-time work and made such tests flaky.
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        var advert = EngineHarness.Advert(51, 150, vips: "198.51.100.1");
        var source = System.Net.IPAddress.Parse("192.0.2.20").GetAddressBytes();
        for (var i = 0; i < 100; i++)
        {
            h.Engine.OnAdvertReceived("eth0", IpFamily.IPv4, source, EngineHarness.Group, 255, advert, h.Now);
        }

        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(
                DropReason.None,
                h.Engine.OnAdvertReceived("eth0", IpFamily.IPv4, source, EngineHarness.Group, 255, advert, h.Now));
        }

        Assert.Equal(10_100, h.Engine.GetInstanceStatus("VI_1")!.Counters.AdvertsReceived);
    }

    [Fact]
    public void Malformed_input_never_throws()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")));
        var random = new Vigil.Simulation.SimRandom(5);
        var buffer = new byte[80];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            for (var j = 0; j < length; j++)
            {
                buffer[j] = (byte)random.Next(0, 256);
            }

            buffer[1] = 51;
            h.Engine.OnAdvertReceived(
                "eth0",
                IpFamily.IPv4,
                [192, 0, 2, 20],
                EngineHarness.Group,
                (byte)random.Next(250, 256),
                buffer.AsSpan(0, length),
                h.Now);
        }

        h.Engine.OnAdvertReceived("eth0", IpFamily.IPv4, [1, 2], [1], 255, buffer, h.Now);
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("nope", 99, 0, TimeSpan.Zero), h.Now);
        h.Engine.OnLinkChanged("nope0", false, h.Now);
        h.Engine.OnFileValueChanged("nope", 3, h.Now);
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Without_a_source_address_the_instance_is_held_in_fault_until_the_driver_reports_one()
    {
        var engine = new VrrpEngine();
        var now = MonotonicTime.FromMilliseconds(1000);
        engine.Load(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24")), now);
        var status = engine.GetInstanceStatus("VI_1")!;
        Assert.Equal(VrrpState.Fault, status.State);
        Assert.Equal(["condition no source address"], status.FaultReasons);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, System.Net.IPAddress.Parse("192.0.2.10"), now);
        Assert.Equal(VrrpState.Backup, engine.GetInstanceStatus("VI_1")!.State);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, null, now);
        Assert.Equal(VrrpState.Fault, engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Duplicate_vrid_on_one_interface_faults_the_second_instance()
    {
        var h = new EngineHarness(Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24"),
            Instance("VI_2", 51, 100, "198.51.100.2/24")));
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(["condition duplicate vrid"], h.Engine.GetInstanceStatus("VI_2")!.FaultReasons);
        Assert.Equal(VrrpState.Fault, h.Engine.GetInstanceStatus("VI_2")!.State);
    }

    [Fact]
    public void Startup_delay_keeps_instances_in_init_and_ignores_adverts()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24"))
            .WithGlobal(g => g with { StartupDelayMs = 5000 }));
        Assert.Equal(VrrpState.Init, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Receive(EngineHarness.Advert(51, 150, vips: "198.51.100.1"));
        Assert.Equal(0, h.Engine.GetInstanceStatus("VI_1")!.Counters.AdvertsReceived);
        h.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(VrrpState.Init, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Contains(h.Take(), e => e is LogLine { Message: "Delaying startup for 5 seconds" });
    }

    [Fact]
    public void Fifo_gets_master_rx_lower_pri_and_priority_change_events()
    {
        var config = Cluster(
                Instance("VI_1", 51, 255, "198.51.100.1/24") with
                {
                    NotifyMasterRxLowerPri = new ScriptCommand { Argv = ["/etc/rx.sh"] }
                },
                Instance("VI_2", 52, 100, "198.51.100.2/24") with
                {
                    TrackScripts = [Track("chk", -10)],
                    NotifyPriorityChanges = true
                })
            .WithScripts(Script("chk", -10))
            .WithGlobal(g => g with { NotifyFifo = new NotifyFifoConfig { Path = "/run/fifo" } });
        var h = new EngineHarness(config);
        var run = h.Take().OfType<RunScript>().Single();
        h.Advance(TimeSpan.Zero);
        h.Receive(EngineHarness.Advert(51, 100, vips: "198.51.100.1"));
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 1, TimeSpan.Zero), h.Now);
        var effects = h.Take();
        Assert.Contains(effects, e => e is RunNotify { Argv: ["/etc/rx.sh"] });
        Assert.Contains(new WriteFifo("/run/fifo", "INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 255"), effects);
        Assert.Contains(new WriteFifo("/run/fifo", "INSTANCE \"VI_2\" BACKUP_PRIORITY 90"), effects);
    }

    [Fact]
    public void Unicast_instance_leaving_fault_announces_its_own_address_once()
    {
        var config = Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            UnicastPeers =
                [new Vigil.Config.Model.UnicastPeerConfig { Address = System.Net.IPAddress.Parse("192.0.2.11") }],
        });
        var h = new EngineHarness(config);
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        h.Take();
        h.Engine.OnLinkChanged("eth0", true, h.Now);
        var announce = h.Take().OfType<Announce>().Single();
        Assert.Equal(EngineHarness.Own, announce.Address);
    }

    [Fact]
    public void A_script_without_a_user_runs_as_the_default_script_user()
    {
        var config = WithScript(-20);
        var h = new EngineHarness(config with
        {
            Global = config.Global with { DefaultScriptUser = "keepalived_script" }
        });
        h.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("keepalived_script", h.Take().OfType<RunScript>().First().User);
    }
}
