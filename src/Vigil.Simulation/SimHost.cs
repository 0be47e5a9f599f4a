using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;

namespace Vigil.Simulation;

/// <summary>A simulated router: one Vigil engine, its interfaces, its address table and its scripted scripts.</summary>
public sealed partial class SimHost
{
    private readonly Simulation _sim;
    private readonly Dictionary<string, VrrpState> _states = new(StringComparer.Ordinal);

    internal SimHost(Simulation sim, int index, string name, VigilConfig config)
    {
        _sim = sim;
        Index = index;
        Name = name;
        Config = config;
    }

    public int Index { get; }
    public string Name { get; }
    public VigilConfig Config { get; private set; }
    public List<SimInterface> Interfaces { get; } = [];
    public VrrpEngine? Engine { get; private set; }

    /// <summary>Powered and running a daemon.</summary>
    public bool IsUp => Engine is not null;

    /// <summary>Increments on every boot; events queued for an earlier boot are discarded.</summary>
    public int Epoch { get; private set; }

    /// <summary>The kernel's address table: (interface, address) to the instance that added it.</summary>
    public Dictionary<(string Interface, IPAddress Address), string> Addresses { get; } = [];

    /// <summary>Scripted behaviour per script name (default: always succeeds quickly).</summary>
    public Dictionary<string, ScriptBehaviour> Scripts { get; } = new(StringComparer.Ordinal);

    public List<string> Notifies { get; } = [];

    /// <summary>Subjects of the mail alerts this host would have sent, in order.</summary>
    public List<string> Mails { get; } = [];
    public List<string> Log { get; } = [];

    /// <summary>The same lines as <see cref="Log"/>, as the engine emitted them (event id, category, level).</summary>
    public List<Vigil.Engine.Effects.LogLine> LogLines { get; } = [];
    public long Announcements { get; private set; }
    public long AdvertsSent { get; private set; }
    public MonotonicTime BootedAt { get; private set; }

    /// <summary>Instance states as last reported by the engine (empty while down).</summary>
    public IReadOnlyDictionary<string, VrrpState> States => _states;

    public VrrpState StateOf(string instance) => _states.GetValueOrDefault(instance, VrrpState.Init);

    public SimInterface? FindInterface(string name)
    {
        foreach (var i in Interfaces)
        {
            if (i.Name == name)
            {
                return i;
            }
        }

        return VmacBase(name);
    }

    public bool HoldsAddress(IPAddress address) => Addresses.Keys.Any(k => k.Address.Equals(address));

    internal void Boot(MonotonicTime now)
    {
        Epoch++;
        BootedAt = now;
        _states.Clear();
        var engine = new VrrpEngine();
        engine.InstanceStateChanged += (name, from, to, at) =>
        {
            _states[name] = to;
            _sim.OnStateChanged(this, name, from, to, at);
        };
        engine.EffectivePriorityChanged += (name, from, to, at) => _sim.OnPriorityChanged(this, name, from, to, at);
        Engine = engine;
        foreach (var i in Interfaces)
        {
            engine.OnInterfaceAddress(i.Name, IpFamily.IPv4, i.Ipv4, now);
            engine.OnInterfaceAddress(i.Name, IpFamily.IPv6, i.Ipv6, now);
            if (!i.LinkUp)
            {
                engine.OnLinkChanged(i.Name, false, now);
            }
        }

        engine.OnProcessCounts(ProcessCounts, now);
        engine.Load(Config, now);
        Drain(now);
    }

    /// <summary>Matching processes per track_process when the host boots (what its scan of /proc would find).</summary>
    public Dictionary<string, int> ProcessCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>A process started (+1) or stopped (-1) matching a track_process on this host.</summary>
    public void ProcessChanged(string tracker, int delta, Vigil.Core.Tracking.ProcessCause cause, MonotonicTime now)
    {
        if (Engine is null)
        {
            return;
        }

        ProcessCounts[tracker] = Math.Max(0, ProcessCounts.GetValueOrDefault(tracker) + delta);
        Engine.OnProcessChanged(tracker, delta, cause, now);
        Drain(now);
    }

    /// <summary>Power loss: the daemon vanishes without a word and the kernel forgets the addresses.</summary>
    internal void PowerOff()
    {
        Engine = null;
        _states.Clear();
        Addresses.Clear();
        ForgetFirewall();
        Routes.Clear();
        Rules.Clear();
    }

    /// <summary>kill -9 of the daemon: the machine stays up and the kernel keeps the addresses.</summary>
    internal void KillDaemon()
    {
        Engine = null;
        _states.Clear();
    }

    internal void Reload(VigilConfig config, MonotonicTime now)
    {
        Config = config;
        if (Engine is { } engine)
        {
            engine.Load(config, now);
            Drain(now);
            ResyncAfterReload();
        }
    }

    /// <summary>A reload may rename instances (they are matched by VRID, not name): refresh the observed states
    /// and re-attribute the addresses the kernel holds to the instance that now owns them.</summary>
    private void ResyncAfterReload()
    {
        _states.Clear();
        foreach (var name in Engine!.InstanceNames)
        {
            if (Engine.TryGetInstanceState(name, out var state, out _))
            {
                _states[name] = state;
            }
        }

        foreach (var key in Addresses.Keys.ToList())
        {
            var owner = Config.Instances.FirstOrDefault(i =>
                i.VirtualIpAddresses.Concat(i.VirtualIpAddressesExcluded).Any(v => v.Address.Equals(key.Address)));
            if (owner is not null)
            {
                Addresses[key] = owner.Name;
            }
        }
    }
}
