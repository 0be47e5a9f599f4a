using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

/// <summary>
/// The dispatcher that owns all VRRP daemon state: every instance's RFC 5798 state machine, every script and
/// tracker, every sync group. It is sans-I/O and single-threaded: events come in as method calls carrying
/// <c>now</c>, decisions leave as <see cref="EngineEffect"/>s in <see cref="PendingEffects"/>, which the one
/// <see cref="Ports.EffectPump"/> carries out through the ports.
/// <para>How a driver uses it (one thread or one serialized loop):</para>
/// <code>
/// var engine = new VrrpEngine();
/// var pump = new EffectPump(engine, ports);       // the world's side: Ports/EnginePorts
/// engine.OnInterfaceAddress("eth0", IpFamily.IPv4, primaryV4, now);  // and link states, before Load
/// open the sockets VrrpEngine.SocketsNeeded(config) lists;
/// engine.Load(config, now);                       // first load; later loads are reloads (applied as a diff)
/// loop:
///     pump.Run();   // every pending effect, in order, through the ports (send adverts, add/remove addresses,
///                   // GARP/NA, start scripts, queue notifies per key, write FIFO lines, mail, log)
///     wait until engine.NextDeadline or an input, whichever is first;
///     on a packet:      engine.OnAdvertReceived(ifName, family, src, dst, ttl, vrrpMessage, now);
///     on a deadline:    engine.OnTimer(now);
///     on script exit:   engine.OnScriptCompleted(completion, now);
///     on link change:   engine.OnLinkChanged(ifName, up, now);
///     on track_file:    engine.OnFileValueChanged(name, value, now);
///     on a process:     engine.OnProcessChanged(tracker, +1/-1, cause, now);  (counts of a scan: OnProcessCounts)
///     on netlink reply: engine.OnAddressResult(result, now);
///     on SIGHUP:        engine.Load(newConfig, now);
///     on SIGTERM:       engine.OnShutdownRequested(now); drain effects; exit once IsStopped.
/// </code>
/// <para>No method throws on input: malformed packets are dropped and counted, unknown names are ignored.
/// <see cref="GetStatus"/> returns a snapshot for <c>vigil status</c>, <c>--explain</c> and metrics.</para>
/// </summary>
public sealed partial class VrrpEngine
{
    private readonly List<EngineEffect> _effects = [];
    private readonly List<InstanceRuntime> _instances = [];
    private readonly Dictionary<string, InstanceRuntime> _instancesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Interface, IpFamily Family, VrId Vrid), InstanceRuntime> _instancesByKey = [];
    private readonly Dictionary<string, ScriptRuntime> _scripts = new(StringComparer.Ordinal);
    private readonly List<SyncGroupRuntime> _groups = [];
    private readonly Dictionary<string, bool> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fileValues = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Interface, IpFamily Family), IPAddress> _interfaceAddresses = [];
    private TrackingTable _tracking = new();
    private long _nextRunId;
    private long _nextNotifyId;
    private long _unknownVridDrops;

    public VigilConfig? Config { get; private set; }
    public GlobalDefs Globals => Config?.Global ?? DefaultGlobals;
    private static readonly GlobalDefs DefaultGlobals = new();
    public MonotonicTime? ConfigLoadedAt { get; private set; }

    /// <summary>True once <see cref="OnShutdownRequested"/> has run: every instance is STOP.</summary>
    public bool IsStopped { get; private set; }

    /// <summary>Effects produced since the last <see cref="ClearEffects"/>, in the order they must be carried
    /// out.</summary>
    public IReadOnlyList<EngineEffect> PendingEffects => _effects;

    public void ClearEffects() => _effects.Clear();

    /// <summary>Entries the pending-effect buffer holds allocated (see <see cref="EffectBuffers"/>).</summary>
    public int EffectBufferCapacity => _effects.Capacity;

    /// <summary>Moves every pending effect into <paramref name="into"/> (appended) and clears the buffer.</summary>
    public void DrainEffects(List<EngineEffect> into)
    {
        into.AddRange(_effects);
        _effects.Clear();
        EffectBuffers.TrimAfterBurst(_effects);
    }

    /// <summary>Adverts that matched no configured VRID (keepalived ignores them).</summary>
    public long UnknownVridDrops => _unknownVridDrops;

    internal void Emit(EngineEffect effect) => _effects.Add(effect);

    private Logging.EngineLoggers? _logs;

    /// <summary>The engine's loggers, one per category: each line they take becomes a <see cref="LogLine"/>
    /// effect.</summary>
    internal Logging.EngineLoggers Logs => _logs ??= new(_effects);

    /// <summary>End of vrrp_startup_delay: instances stay INIT and adverts are ignored until then.</summary>
    private MonotonicTime _startupUntil = MonotonicTime.Zero;
    private MonotonicTime _cachedDeadline;
    private bool _deadlineValid;

    /// <summary>Every input may move a timer: forget the cached deadline.</summary>
    private void Touch() => _deadlineValid = false;

    /// <summary>The earliest moment <see cref="OnTimer"/> has work; <see cref="MonotonicTime.Never"/> when idle.
    /// Cached between inputs, so a driver may read it as often as it likes.</summary>
    public MonotonicTime NextDeadline
    {
        get
        {
            if (_deadlineValid)
            {
                return _cachedDeadline;
            }

            var next = MonotonicTime.Never;
            if (!IsStopped)
            {
                if (_startupUntil > MonotonicTime.Zero && _instances.Exists(i => i.State == VrrpState.Init))
                {
                    next = _startupUntil;
                }

                next = MonotonicTime.Min(next, _instanceTimers.Min);

                foreach (var script in _scripts.Values)
                {
                    next = MonotonicTime.Min(next, MonotonicTime.Min(script.NextStart, script.AbandonAt));
                }

                next = MonotonicTime.Min(next, _tracking.NextProcessDeadline);
                next = MonotonicTime.Min(next, AnnounceDeadline());
            }

            _cachedDeadline = next;
            _deadlineValid = true;
            return next;
        }
    }

    /// <summary>Runs every timer due at <paramref name="now"/>: master-down, adverts, GARP bursts, script
    /// starts.</summary>
    public void OnTimer(MonotonicTime now)
    {
        Touch();
        _lastSeen = now;
        if (IsStopped)
        {
            return;
        }

        if (_startupUntil > MonotonicTime.Zero && now >= _startupUntil)
        {
            StartInstances(_instances, now);
            _startupUntil = MonotonicTime.Zero;
        }

        foreach (var script in _scripts.Values)
        {
            if (script.NextStart <= now || script.AbandonAt <= now)
            {
                ServiceScript(script, now);
            }
        }

        ServiceProcessTimers(now);
        ServiceAnnouncements(now);

        RunInstanceTimers(now);
    }

    /// <summary>The driver reports an interface's primary address (IPv4) or link-local address (IPv6): the
    /// source of adverts and the tie-break address. Null when the interface has none.</summary>
    public void OnInterfaceAddress(string interfaceName, IpFamily family, IPAddress? address, MonotonicTime now)
    {
        Touch();
        if (address is null)
        {
            _interfaceAddresses.Remove((interfaceName, family));
        }
        else
        {
            _interfaceAddresses[(interfaceName, family)] = address;
        }

        foreach (var instance in _instances)
        {
            if (instance.Interface == interfaceName && instance.Family == family)
            {
                instance.RefreshOwnAddress();
                UpdateSourceCondition(instance, now);
            }
        }
    }

    /// <summary>keepalived's NO_SOURCE_IP: without an address to send from (and to put in the v3 checksum) the
    /// instance is held in FAULT, rather than sending adverts nobody can verify.</summary>
    private void UpdateSourceCondition(InstanceRuntime instance, MonotonicTime now)
    {
        if (instance.State == VrrpState.Stop)
        {
            return;
        }

        var change = instance.Tracking.SetCondition(NoSourceAddress, instance.OwnAddress.Length == 0);
        if (change is not null && instance.State != VrrpState.Init)
        {
            ApplyTracking(new TrackingUpdate(default, [change]), now);
        }
    }

    private const string NoSourceAddress = "no source address";

    internal IPAddress? InterfaceAddress(string interfaceName, IpFamily family) =>
        _interfaceAddresses.GetValueOrDefault((interfaceName, family));

    /// <summary>SIGTERM: every MASTER sends priority 0 and removes its VIPs; STOP notifies run; scripts stop.</summary>
    public void OnShutdownRequested(MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        int first = _effects.Count;
        foreach (var instance in _instances)
        {
            instance.Machine.Stop(now);
        }

        EmitFirewallRemoval();
        RemoveStatics();
        OrderShutdownEffects(first);

        foreach (var script in _scripts.Values)
        {
            script.NextStart = MonotonicTime.Never;
            script.OutstandingRunId = 0;
        }

        IsStopped = true;
    }

    /// <summary>
    /// Every MASTER's priority-0 advert leaves before any address is removed, and addresses before notifies and
    /// logs: the backups can start their Skew_Time as soon as possible, whatever the number of instances
    /// (each machine alone emits advert, removals, then its transition's notify and log).
    /// </summary>
    private void OrderShutdownEffects(int first)
    {
        var tail = _effects.GetRange(first, _effects.Count - first);
        _effects.RemoveRange(first, tail.Count);
        _effects.AddRange(tail.Where(e => e is SendAdvert));
        _effects.AddRange(tail.Where(e => e is RemoveAddress or RouteTableChange));
        _effects.AddRange(tail.Where(e => e is not (SendAdvert or RemoveAddress or RouteTableChange)));
    }

    /// <summary>A notify run finished (optional; the engine only counts them).</summary>
    public void OnNotifyCompleted(
        string key,
        long notifyId,
        Events.ScriptOutcome outcome,
        int exitCode,
        MonotonicTime now)
    {
        NotifiesCompleted++;
        if (outcome != Events.ScriptOutcome.Exited || exitCode != 0)
        {
            Logs.Scripts.NotifyFailed(key, notifyId, outcome.ToString(), exitCode);
        }
    }

    public long NotifiesCompleted { get; private set; }
}
