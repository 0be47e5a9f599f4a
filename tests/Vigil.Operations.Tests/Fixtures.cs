using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests;

/// <summary>A small daemon picture: VI_1 is BACKUP behind 192.0.2.12 because its script failed, VI_2 is MASTER
/// with an interface tracker, VI_3 is in FAULT.</summary>
internal static class Fixtures
{
    public static readonly MonotonicTime Now = MonotonicTime.FromMilliseconds(100_000);
    public static readonly DateTimeOffset WallNow = new(2026, 1, 1, 0, 10, 0, TimeSpan.Zero);
    public static readonly DaemonInfo Daemon = new("0.1.0", 1234, "/etc/keepalived/keepalived.conf",
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static InstanceCounters Counters(
        long received = 0,
        long sent = 0,
        long becomeMaster = 0,
        IReadOnlyDictionary<string, long>? dropped = null) =>
        new(received, sent, becomeMaster, 0, 0, 0, dropped ?? new Dictionary<string, long>());

    public static InstanceStatus Backup() => new()
    {
        Name = "VI_1",
        State = VrrpState.Backup,
        Vrid = 51,
        Interface = "eth0",
        Family = IpFamily.IPv4,
        Version = 2,
        BasePriority = 100,
        EffectivePriority = 80,
        TotalPriority = 80,
        AdvertIntervalMs = 1000,
        MasterAdvertIntervalMs = 1000,
        MasterDownIntervalMs = 3687,
        SkewTimeMs = 687,
        MasterAddress = IPAddress.Parse("192.0.2.12"),
        MasterPriority = 100,
        Reason = "BACKUP: 192.0.2.12 advertises priority 100, not below ours (80)",
        LastTransitionAt = MonotonicTime.FromMilliseconds(95_000),
        Preempt = true,
        PreemptDelayMs = 0,
        VirtualIpAddresses = ["198.51.100.1/24"],
        FaultReasons = [],
        Trackers = [new TrackerStatus("script", "chk_app", "KO", -20, false, -20, false, null)],
        Counters = Counters(received: 42, dropped: new Dictionary<string, long> { ["ttl"] = 3 }),
        NextTimer = MonotonicTime.FromMilliseconds(102_000),
    };

    public static InstanceStatus Master() => Backup() with
    {
        Name = "VI_2",
        State = VrrpState.Master,
        Vrid = 52,
        BasePriority = 150,
        EffectivePriority = 150,
        TotalPriority = 150,
        MasterAddress = IPAddress.Parse("192.0.2.11"),
        MasterPriority = 150,
        Reason = "MASTER: heard no advert of higher priority than 150 for Master_Down_Interval",
        VirtualIpAddresses = ["198.51.100.2/24", "198.51.100.3/32"],
        Trackers = [new TrackerStatus("interface", "eth1", "UP", 0, false, 0, false, null)],
        Counters = Counters(sent: 600, becomeMaster: 1),
    };

    public static InstanceStatus Fault() => Backup() with
    {
        Name = "VI_3",
        State = VrrpState.Fault,
        Vrid = 53,
        EffectivePriority = 100,
        TotalPriority = 100,
        MasterAddress = null,
        MasterPriority = null,
        Reason = "FAULT because of interface eth1 down",
        VirtualIpAddresses = [],
        FaultReasons = ["interface eth1 down"],
        Trackers = [new TrackerStatus("interface", "eth1", "DOWN", 0, false, 0, true, null)],
        Counters = Counters(),
    };

    public static ScriptStatus Script() =>
        new("chk_app", ScriptState.Ko, 0, 2, 3, 12, 1, "exited", 4, false, true, 2000, 2000);

    public static StatusSnapshot Snapshot(params InstanceStatus[] instances) =>
        new(Daemon,
            new EngineStatus(instances.Length == 0 ? [Backup(), Master(), Fault()] : instances, [Script()], [],
                MonotonicTime.FromMilliseconds(10_000), false)
            {
                // Down, with a terminate_delay ending 800 ms after the snapshot.
                Processes = [new ProcessTrackerStatus(
                    "tp_haproxy", true, 0, 1, null, 0, 2000, Now.AddMicroseconds(800_000))],
            },
            Now, WallNow, Config());

    public static VigilConfig Config() => new()
    {
        Scripts = [new VrrpScriptConfig
        {
            Name = "chk_app",
            Command = ["/usr/local/bin/check", "--fast"],
            Weight = -20,
            Rise = 2,
            Fall = 3
        }],
    };
}
