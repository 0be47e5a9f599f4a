using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;

namespace Vigil.Simulation;

/// <summary>
/// The cluster properties checked after every step:
/// (1) no VIP on a host whose owning instance is not MASTER, and every MASTER holds all its VIPs;
/// (2) once the network has been whole and undisturbed for the settle window (Master_Down_Interval plus an
///     advert interval, with margin for preempt_delay and delay), exactly one MASTER per VRID and segment, and
///     no eligible router with a higher effective priority than the master unless it has <c>nopreempt</c>;
///     members of a sync group on one host share their state;
/// (3) after a stable master dies, another router advertises within Master_Down_Interval plus one interval;
/// (4) no engine broke an invariant at a state change (VIPs iff MASTER, timer armed, priority 1..255).
/// </summary>
public sealed class ClusterInvariants(Simulation sim)
{
    private readonly Dictionary<(string Segment, IpFamily Family, int Vrid), MonotonicTime> _pendingTakeover = [];
    private bool _dirty = true;
    private bool _windowWasOpen;
    private MonotonicTime _lastStableCheck;

    public MonotonicTime LastDisturbance { get; private set; }
    public string LastDisturbanceWhat { get; private set; } = "start";
    public List<string> Violations { get; } = [];

    /// <summary>Stable-period checks that actually ran (a test can show the checker was not idle).</summary>
    public long StableChecks { get; private set; }

    public bool Enabled { get; set; } = true;

    public void MarkDisturbance(MonotonicTime at, string what, bool masterLoss = false)
    {
        LastDisturbance = at;
        LastDisturbanceWhat = what;
        _dirty = true;
        _windowWasOpen = false;
        if (!masterLoss)
        {
            _pendingTakeover.Clear();
        }
    }

    internal void OnStateChanged(SimHost host, string instance, VrrpState from, VrrpState to)
    {
        _dirty = true;
        if (from == VrrpState.Fault || to == VrrpState.Fault)
        {
            // A fault comes from a tracker (script, link): the cluster must re-settle.
            MarkDisturbance(sim.Now, $"{host.Name} {instance} {from} -> {to}", masterLoss: true);
        }
    }

    /// <summary>The settle window. The slowest legitimate takeover is two routers booting close together, the
    /// lower one first: the higher one waits out one Master_Down_Interval (at most 4 intervals), hears the lower
    /// master just before its own timer fires, waits <c>preempt_delay</c>, then another Master_Down_Interval, and
    /// the old master needs one more interval to hear it: 2 x 4 + 1 intervals, plus preempt_delay and delays.</summary>
    public TimeSpan SettleWindow
    {
        get
        {
            var adv = 0;
            var delay = 0;
            var downAdverts = 3;
            foreach (var host in sim.Hosts)
            {
                foreach (var i in host.Config.Instances)
                {
                    adv = Math.Max(adv, i.AdvertIntervalMs);
                    delay = Math.Max(delay, i.PreemptDelayMs);
                    downAdverts = Math.Max(downAdverts, i.DownTimerAdverts);
                }
            }

            var net = sim.Segments.Values.Select(s => s.Conditions.MaxDelay).DefaultIfEmpty(TimeSpan.Zero).Max();
            return TimeSpan.FromMilliseconds((((2 * (downAdverts + 1)) + 1) * adv) + delay + 100) + (4 * net);
        }
    }

    public bool NetworkWhole =>
        sim.Segments.Values.All(s => !s.IsPartitioned && s.Conditions.IsLossless)
        && sim.Hosts.Where(h => h.IsUp).All(h => h.Interfaces.All(i => i.LinkUp));

    public bool Settled => NetworkWhole && sim.Now - LastDisturbance >= SettleWindow;

    internal void OnCrash(SimHost host)
    {
        if (!Settled)
        {
            return;
        }

        foreach (var (instance, state) in host.States)
        {
            if (state != VrrpState.Master
                || host.Config.Instances.FirstOrDefault(i => i.Name == instance) is not { } ic)
            {
                continue;
            }

            var key = KeyOf(host, ic);
            var backups = Participants(key)
                .Where(p => p.Host != host && p.Host.StateOf(p.Config.Name) == VrrpState.Backup)
                .ToList();
            if (backups.Count == 0)
            {
                continue;
            }

            // Master_Down_Interval of the slowest backup, plus one interval, plus the network's worst delay. A sync
            // group only goes MASTER when every member wants to, so its slowest member's timer counts.
            var worst = backups.Max(b => (b.Config.SyncGroup is { } g
                    ? b.Host.Config.Instances.Where(i => i.SyncGroup == g)
                    : [b.Config])
                .Max(i => TakeoverMicroseconds(i, Priority((b.Host, i)))));
            var net = sim.Segments.Values.Max(s => s.Conditions.MaxDelay);
            _pendingTakeover[key] = sim.Now.AddMicroseconds(worst) + net + TimeSpan.FromMilliseconds(1);
        }
    }

    private static long TakeoverMicroseconds(VrrpInstanceConfig i, int priority) =>
        (i.DownTimerAdverts * i.AdvertIntervalMs * 1000L)
        + ((256L - priority) * (i.Version == 2 ? 1000 : i.AdvertIntervalMs) * 1000 / 256)
        + (i.AdvertIntervalMs * 1000L);

    internal void OnAdvertSent(SimHost sender, SendAdvert send)
    {
        if (_pendingTakeover.Count == 0 || send.Priority == 0 || send.Payload.Length < 2)
        {
            return;
        }

        var iface = sender.FindInterface(send.Interface);
        if (iface is not null)
        {
            var vrid = send.AhKey is null
                ? send.Payload.Span[1]
                : send.Payload.Span[Vigil.Core.Protocol.VrrpAh.HeaderLength + 1];
            _pendingTakeover.Remove((iface.Segment.Name, send.Family, vrid));
        }
    }

    public void AfterStep()
    {
        if (!Enabled)
        {
            return;
        }

        CheckAddresses();
        CheckTransitions();
        foreach (var (key, deadline) in _pendingTakeover)
        {
            if (sim.Now > deadline)
            {
                Fail($"no new master advertised VRID {key.Vrid} on {key.Segment} " +
                    $"by {(deadline - sim.StartTime).TotalSeconds:F6}s after the master died");
                _pendingTakeover.Remove(key);
                break;
            }
        }

        var open = Settled;
        if (open && (_dirty || !_windowWasOpen || sim.Now - _lastStableCheck >= TimeSpan.FromSeconds(1)))
        {
            _lastStableCheck = sim.Now;
            _dirty = false;
            _windowWasOpen = true;
            CheckStable();
        }
    }

    /// <summary>(4) no engine reported a broken transition invariant
    /// (<see cref="Engine.TransitionInvariants"/>).</summary>
    private void CheckTransitions()
    {
        foreach (var host in sim.Hosts)
        {
            if (host.Engine is { InvariantViolations: > 0 } engine && _invariantReported.Add(engine))
            {
                Fail($"{host.Name}: {engine.InvariantViolations} transition invariant(s) broken (see the host's log)");
            }
        }
    }

    private readonly HashSet<Engine.VrrpEngine> _invariantReported = [];

    private void CheckAddresses()
    {
        foreach (var host in sim.Hosts)
        {
            if (!host.IsUp)
            {
                continue;
            }

            foreach (var ((ifName, address), instance) in host.Addresses)
            {
                if (host.StateOf(instance) != VrrpState.Master)
                {
                    Fail($"{host.Name} holds {address} on {ifName} but {instance} is {host.StateOf(instance)}");
                    return;
                }
            }
        }
    }

    private void CheckStable()
    {
        StableChecks++;
        var keys = new HashSet<(string, IpFamily, int)>();
        foreach (var host in sim.Hosts.Where(h => h.IsUp))
        {
            foreach (var ic in host.Config.Instances)
            {
                keys.Add(KeyOf(host, ic));
                if (host.StateOf(ic.Name) == VrrpState.Master)
                {
                    foreach (var vip in ic.VirtualIpAddresses)
                    {
                        if (!host.Addresses.ContainsKey(
                                (vip.ResolvedDev ?? vip.Dev ?? ic.Interface ?? "eth0", vip.Address)))
                        {
                            Fail($"{host.Name} {ic.Name} is MASTER but does not hold {vip.Address}");
                        }
                    }
                }
            }

            foreach (var group in host.Config.SyncGroups)
            {
                var memberStates = group.Members.Select(m => host.StateOf(m)).Distinct().ToList();
                if (memberStates.Count > 1)
                {
                    Fail($"{host.Name} sync group {group.Name} members disagree: " +
                        $"{string.Join(",", group.Members.Select(m => $"{m}={host.StateOf(m)}"))}");
                }
            }
        }

        foreach (var key in keys)
        {
            var live = Participants(key)
                .Where(p => p.Host.StateOf(p.Config.Name) is VrrpState.Master or VrrpState.Backup)
                .ToList();
            var masters = live.Where(p => p.Host.StateOf(p.Config.Name) == VrrpState.Master).ToList();
            if (live.Count > 0 && masters.Count != 1)
            {
                Fail($"VRID {key.Item3} on {key.Item1}: {masters.Count} masters " +
                    $"({string.Join(",", masters.Select(m => m.Host.Name))}) among " +
                    $"{string.Join(",", live.Select(
                        l => $"{l.Host.Name}={l.Host.StateOf(l.Config.Name)}/{Priority(l)}"))}");
                continue;
            }

            if (masters.Count == 1)
            {
                var master = masters[0];
                var mp = Priority(master);
                foreach (var other in live)
                {
                    if (other.Host != master.Host && Priority(other) > mp && other.Config.Preempt)
                    {
                        Fail($"VRID {key.Item3} on {key.Item1}: master {master.Host.Name} has priority {mp} " +
                            $"but {other.Host.Name} has {Priority(other)} and preempts");
                    }
                }
            }
        }
    }

    private static int Priority((SimHost Host, VrrpInstanceConfig Config) p) =>
        p.Host.Engine is { } e && e.TryGetInstanceState(p.Config.Name, out _, out var prio) ? prio : p.Config.Priority;

    private (string Segment, IpFamily Family, int Vrid) KeyOf(SimHost host, VrrpInstanceConfig ic) =>
        ((host.FindInterface(ic.Interface ?? "eth0")?.Segment.Name) ?? "?", ic.Family, ic.Vrid);

    private IEnumerable<(SimHost Host, VrrpInstanceConfig Config)> Participants(
        (string Segment, IpFamily Family, int Vrid) key)
    {
        foreach (var host in sim.Hosts)
        {
            if (!host.IsUp)
            {
                continue;
            }

            foreach (var ic in host.Config.Instances)
            {
                if (KeyOf(host, ic) == key)
                {
                    yield return (host, ic);
                }
            }
        }
    }

    private void Fail(string message)
    {
        if (Violations.Count < 20)
        {
            Violations.Add($"t={sim.Elapsed.TotalSeconds:F6}s (last disturbance: {LastDisturbanceWhat} " +
                $"at {(LastDisturbance - sim.StartTime).TotalSeconds:F3}s): {message}");
        }
    }
}
