using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Routing;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Model;
using Vigil.Core.Protocol;

namespace Vigil.Engine;

/// <summary>One running instance: its configuration, state machine, trackers and the effects it produces.
/// It is the machine's <see cref="IVrrpActions"/>, turning decisions into engine effects.</summary>
internal sealed partial class InstanceRuntime : IVrrpActions, IHasDeadline
{
    private readonly VrrpEngine _engine;
    private int _cachedPriority = -1;
    private IPAddress? _cachedSource;
    private byte[] _ownAddress = [];
    private SendAdvert[] _cachedEffects = [];

    public InstanceRuntime(VrrpEngine engine, VrrpInstanceConfig config, InstanceTracking tracking)
    {
        _engine = engine;
        Config = config;
        Tracking = tracking;
        Machine = new VrrpInstanceMachine(BuildParameters(config, engine.Globals), this);
        Vips = ResolveAddresses(config.VirtualIpAddresses);
        ExcludedVips = ResolveAddresses(config.VirtualIpAddressesExcluded);
        Expect = BuildExpectations(config, Machine.Parameters, engine.Globals);
        BuildHmac(config);
    }

    /// <summary>Position in the engine's configuration, the order timers due together run in; -1 once a reload
    /// removed the instance.</summary>
    public int Order { get; set; } = -1;

    public int HeapSlot { get; set; } = -1;

    /// <summary>The machine's next timer or the next garp_extra_if round, whichever is first: the engine's timer
    /// heap orders instances by it.</summary>
    public MonotonicTime Deadline => MonotonicTime.Min(Machine.NextDeadline, ExtraIfDeadline);

    public void NextDeadlineMoved() => _engine.InstanceDeadlineMoved(this);

    /// <summary>Instances that become MASTER together (start-up, a failover of many) would otherwise send every
    /// advert together, and the last of thousands would leave each round late; one at a time instead, the loop
    /// would wake for each. So they are dealt into rounds of about 50 (<see cref="AdvertsPerRound"/>, a millisecond
    /// or less of sending), 10 ms apart: each one's second advert comes early by its round's place, at most three
    /// quarters of the interval. The rounds are packed rather than spread over the interval because a backup's
    /// timer follows its master's phase: when a master host dies, its instances are taken over within the span of
    /// its rounds (1,000 instances: 20 rounds in 190 ms), not over most of an interval. The round is picked by the
    /// fractional part of the instance's position times the golden ratio (Fibonacci hashing), which deals any run
    /// of positions evenly, and the deadline is brought down to the 10 ms grid of the monotonic clock, so the rounds
    /// stay apart; intervals are whole centiseconds, so they stay on it. Up to 50 instances, and for the first one,
    /// the second advert keeps the exact interval.</summary>
    public long SecondAdvertLeadMicroseconds(MonotonicTime now, long intervalMicroseconds)
    {
        const long Grid = 10_000;
        long most = intervalMicroseconds * 3 / 4;
        long rounds = Math.Min(most / Grid + 1, (_engine.InstanceCount + AdvertsPerRound - 1) / AdvertsPerRound);
        if (Order <= 0 || rounds <= 1)
        {
            return 0;
        }

        ulong fraction = unchecked((uint)((ulong)Order * 2_654_435_769UL)); // 2^32 / golden ratio
        long round = (long)((ulong)rounds * fraction >> 32);
        long spread = round * Grid;
        long target = now.Microseconds + intervalMicroseconds - spread;
        long onGrid = target - (target % Grid + Grid) % Grid;
        long lead = now.Microseconds + intervalMicroseconds - onGrid;
        return lead > most ? lead - Grid : lead;
    }

    /// <summary>How many adverts one round of <see cref="SecondAdvertLeadMicroseconds"/> holds at most, about: the
    /// loop sends them in well under a millisecond, and fewer rounds mean fewer wake-ups.</summary>
    private const int AdvertsPerRound = 50;

    /// <summary>What received adverts are checked against (built once per configuration).</summary>
    public AdvertExpectations Expect { get; private set; }

    /// <summary>AH (VRRPv2 auth_type AH): the sequence number last sent or accepted, with keepalived's rules. Kept
    /// across reloads, as keepalived keeps it. Made on first use: most instances never use AH.</summary>
    public AhSequenceCounter AhSequence => _ahSequence ??= new();

    private AhSequenceCounter? _ahSequence;

    /// <summary>One counter per drop reason.</summary>
    public DropCounters Drops { get; } = new();

    public VrrpInstanceConfig Config { get; private set; }
    public InstanceTracking Tracking { get; private set; }
    public VrrpInstanceMachine Machine { get; }
    public SyncGroupRuntime? Group
    {
        get => _group;
        set
        {
            _group = value;
            Machine.InSyncGroup = value is not null;
        }
    }

    private SyncGroupRuntime? _group;
    public IReadOnlyList<VirtualAddress> Vips
    {
        get => _vips;
        private set
        {
            _vips = value;
            _vipTexts = null;
        }
    }

    private IReadOnlyList<VirtualAddress> _vips = [];
    private string[]? _vipTexts;

    /// <summary>The VIPs as text, for status and metrics: made on first use and kept until the next reload changes
    /// them, rather than once per instance on every snapshot.</summary>
    public IReadOnlyList<string> VipTexts =>
        _vipTexts ??= Vips.Count == 0 ? [] : Vips.Select(v => v.ToString()).ToArray();
    public IReadOnlyList<VirtualAddress> ExcludedVips { get; private set; }
    public bool AddressesInstalled { get; private set; }
    public string Name => Config.Name;
    public string Interface => Config.Interface ?? _engine.Globals.DefaultInterface;

    /// <summary>Where adverts go and come from: the VMAC with use_vmac (unless vmac_xmit_base), else
    /// <see cref="Interface"/>.</summary>
    public string AdvertInterface => VrrpEngine.AdvertInterface(Config, _engine.Globals);
    public IpFamily Family => Config.Family;
    public VrrpState State => Machine.State;

    /// <summary>Set while the current FAULT is only held by weight-0 scripts in INIT: no notifications.</summary>
    public bool SilentFault { get; set; }

    /// <summary>Set when a reload removes the instance: its stop is reported to the notify scripts as FAULT, or as
    /// DELETED with `notify_deleted`, as keepalived does.</summary>
    public bool Deleting { get; set; }
    public ReadOnlySpan<byte> OwnAddress => _ownAddress;

    public static AdvertExpectations BuildExpectations(
        VrrpInstanceConfig c,
        InstanceParameters p,
        GlobalDefs g) => new()
    {
        Version = c.Version == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
        Family = c.Family,
        VirtualRouterId = new VrId(c.Vrid),
        Interval = p.AdvertInterval,
        AuthType = c.Version != 2 ? VrrpAuthType.None : c.AuthType switch
        {
            AuthType.Pass => VrrpAuthType.Pass,
            AuthType.Ah when c.Family == IpFamily.IPv4 => VrrpAuthType.Ah,
            _ => VrrpAuthType.None,
        },
        Password = c.AuthPass is { } pass ? VrrpPassword.FromString(pass) : VrrpPassword.Empty,
        V3ChecksumAsV2 = c.V3ChecksumAsV2 || g.V3ChecksumAsV2,
        VirtualAddresses = c.VirtualIpAddresses.Where(v => v.Family == c.Family)
            .Select(v => IpAddressValue.FromIPAddress(v.Address)).ToArray(),
        UnicastPeers = c.UnicastPeers.Select(u => new UnicastPeer(IpAddressValue.FromIPAddress(u.Address),
            (byte)Math.Clamp(u.MinTtl ?? 0, 0, 255), (byte)Math.Clamp(u.MaxTtl ?? 255, 0, 255))).ToArray(),
        CheckUnicastSource = c.CheckUnicastSrc || g.CheckUnicastSrc,
    };

    public static InstanceParameters BuildParameters(VrrpInstanceConfig c, GlobalDefs g) => new()
    {
        Vrid = new VrId(c.Vrid),
        Version = c.Version,
        AdvertInterval = c.Version == 2
            ? VrrpWire.FromCentiseconds(Math.Clamp((c.AdvertIntervalMs + 500) / 1000, 1, 255) * 100)
            : VrrpWire.FromCentiseconds(Math.Clamp((c.AdvertIntervalMs + 5) / 10, 1, 4095)),
        BasePriority = Priority.FromInt32(Math.Clamp(c.Priority, 1, 255)),
        WantMaster = c.ConfiguredState == VrrpState.Master,
        Preempt = c.Preempt,
        PreemptDelay = TimeSpan.FromMilliseconds(c.PreemptDelayMs),
        DownTimerAdverts = Math.Clamp(c.DownTimerAdverts, 1, 100),
        FastHandover = g.VrrpFastHandover,
        LowerPrioNoAdvert = c.LowerPrioNoAdvert,
        TimerExpiredBackup = c.TimerExpiredBackup is int highest ? Priority.FromInt32(highest) : null,
        HigherPrioSendAdvert = c.HigherPrioSendAdvert,
        GarpMasterRepeat = c.GarpMasterRepeat,
        GarpMasterDelay = TimeSpan.FromMilliseconds(c.GarpMasterDelayMs),
        GarpMasterRefresh = TimeSpan.FromMilliseconds(c.GarpMasterRefreshMs),
        GarpMasterRefreshRepeat = c.GarpMasterRefreshRepeat,
        GarpLowerPrioRepeat = c.GarpLowerPrioRepeat,
        GarpLowerPrioDelay = TimeSpan.FromMilliseconds(c.GarpLowerPrioDelayMs),
    };

    private IReadOnlyList<VirtualAddress> ResolveAddresses(IReadOnlyList<VirtualIpAddress> list) =>
        list.Select(v => new VirtualAddress(
            v.Address,
            v.Prefix > 0 ? v.Prefix : (v.Family == IpFamily.IPv4 ? 32 : 128),
            // keepalived's resolved device: the VMAC with use_vmac (see InstanceBuilder.ResolveDevs).
            v.ResolvedDev ?? v.Dev ?? Interface,
            v.Broadcast,
            v.Scope,
            v.Label)).ToArray();

    /// <summary>A reload matched this instance: take the new definition, keep state, timers and VIPs
    /// (diffed).</summary>
    public void Reconfigure(VrrpInstanceConfig config, InstanceTracking tracking, MonotonicTime now)
    {
        var oldVips = Vips.Concat(ExcludedVips).ToList();
        var oldConfig = Config;
        Config = config;
        Tracking = tracking;
        Vips = ResolveAddresses(config.VirtualIpAddresses);
        ExcludedVips = ResolveAddresses(config.VirtualIpAddressesExcluded);
        Expect = BuildExpectations(config, BuildParameters(config, _engine.Globals), _engine.Globals);
        BuildHmac(config);
        InvalidateAdvert();
        if (AddressesInstalled)
        {
            UpdateFirewall(holding: true);
            var newVips = Vips.Concat(ExcludedVips).ToList();
            foreach (var gone in oldVips.Where(o => !newVips.Contains(o)))
            {
                _engine.Emit(new RemoveAddress(Name, gone));
            }

            foreach (var added in newVips.Where(n => !oldVips.Contains(n)))
            {
                _engine.Emit(new AddAddress(Name, added));
            }
        }

        ReconfigureRoutes(oldConfig);

        Machine.UpdateParameters(BuildParameters(config, _engine.Globals), now);
    }

    /// <summary>The address adverts are sent from and compared with (tie-break): the configured source, else the
    /// interface's primary address as reported by the driver.</summary>
    public void RefreshOwnAddress()
    {
        var configured = Config.IsUnicast ? Config.UnicastSrcIp : Config.McastSrcIp;
        var address = configured ?? _engine.InterfaceAddress(Interface, Family);
        if (!Equals(address, _cachedSource))
        {
            _cachedSource = address;
            _ownAddress = address?.GetAddressBytes() ?? [];
            InvalidateAdvert();
        }
    }

    public void InvalidateAdvert()
    {
        _cachedPriority = -1;
        _cachedEffects = [];
    }
}
