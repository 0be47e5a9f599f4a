using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Events;

namespace Vigil.Simulation;

/// <summary>
/// A deterministic cluster: hosts running real <see cref="Engine.VrrpEngine"/>s on simulated segments, in virtual
/// time that jumps to the next deadline. All randomness comes from one seed; every state change and address
/// change feeds a trace hash, so one seed always gives one trace.
/// </summary>
public sealed partial class Simulation
{
    private readonly PriorityQueue<SimEvent, (long Time, long Seq)> _queue = new();
    private readonly Dictionary<IPAddress, byte[]> _addressBytes = [];
    private TraceHash _traceHash = new();
    private long _sequence;

    public Simulation(ulong seed, SimulationOptions? options = null)
    {
        Seed = seed;
        Random = new SimRandom(seed);
        Options = options ?? new SimulationOptions();
        Checker = new ClusterInvariants(this);
    }

    public ulong Seed { get; }
    public SimRandom Random { get; }
    public SimulationOptions Options { get; }
    public ClusterInvariants Checker { get; }

    /// <summary>Virtual time starts at 1 s so that "zero" never looks like an unset time.</summary>
    public MonotonicTime StartTime { get; } = MonotonicTime.FromMilliseconds(1000);
    public MonotonicTime Now { get; private set; } = MonotonicTime.FromMilliseconds(1000);
    public TimeSpan Elapsed => Now - StartTime;
    public List<SimHost> Hosts { get; } = [];
    public Dictionary<string, Segment> Segments { get; } = new(StringComparer.Ordinal);
    public ScriptBehaviour DefaultScript { get; set; } = ScriptBehaviour.Succeeding();
    public ulong TraceHashValue => _traceHash.Value;
    public List<string> TraceLines { get; } = [];
    public long Steps { get; private set; }
    public long Deliveries { get; private set; }

    /// <summary>State changes seen, in order: (time, host, instance, from, to).</summary>
    public List<(MonotonicTime At, string Host, string Instance, VrrpState From, VrrpState To)> Transitions { get; } =
        [];

    public Segment AddSegment(string name, NetworkConditions? conditions = null)
    {
        var segment = new Segment(name) { Conditions = conditions ?? NetworkConditions.Clean };
        Segments.Add(name, segment);
        return segment;
    }

    /// <summary>Adds a host with one interface per (interface, segment); addresses come from the documentation
    /// ranges: 192.0.2.(10 + host) and fe80::(10 + host).</summary>
    public SimHost AddHost(string name, VigilConfig config, params (string Interface, string Segment)[] interfaces)
    {
        var host = new SimHost(this, Hosts.Count, name, config);
        var n = Hosts.Count + 10;
        var k = 0;
        foreach (var (ifName, segName) in interfaces.Length == 0 ? [("eth0", "lan")] : interfaces)
        {
            if (!Segments.TryGetValue(segName, out var segment))
            {
                segment = AddSegment(segName);
            }

            var v4 = IPAddress.Parse($"192.0.{2 + (k == 0 ? 0 : 0)}.{n + (k * 50)}");
            var v6 = IPAddress.Parse($"fe80::{n:x}:{k}");
            var iface = new SimInterface(host, ifName, segment, v4, v6);
            host.Interfaces.Add(iface);
            segment.Members.Add(iface);
            k++;
        }

        Hosts.Add(host);
        return host;
    }

    public SimHost Host(string name) => Hosts.First(h => h.Name == name);

    /// <summary>Boots every host at the current time.</summary>
    public void Start()
    {
        Checker.MarkDisturbance(Now, "start");
        foreach (var host in Hosts)
        {
            host.Boot(Now);
        }
    }

    /// <summary>Runs <paramref name="action"/> at <paramref name="at"/> after the start.</summary>
    public void At(TimeSpan at, Action action) =>
        Enqueue(
            StartTime + at,
            new SimEvent(SimEventKind.Action, null, 0, null, default, null, null, 0, default, default, action));

    public void RunFor(TimeSpan span) => RunUntil(Now + span);

    /// <summary>When the next event or engine timer is due (<see cref="MonotonicTime.Never"/> when idle): how long a
    /// driver in real time (the lab) may sleep.</summary>
    public MonotonicTime NextEventAt
    {
        get
        {
            var next = _queue.TryPeek(out _, out var p) ? new MonotonicTime(p.Time) : MonotonicTime.Never;
            foreach (var host in Hosts)
            {
                if (host.Engine is { } engine)
                {
                    next = MonotonicTime.Min(next, engine.NextDeadline);
                }
            }

            return next;
        }
    }

    /// <summary>Runs events and engine timers in time order until <paramref name="end"/>.</summary>
    public void RunUntil(MonotonicTime end)
    {
        while (true)
        {
            var nextHost = (SimHost?)null;
            var hostTime = MonotonicTime.Never;
            foreach (var host in Hosts)
            {
                if (host.Engine is { } engine)
                {
                    var d = engine.NextDeadline;
                    if (d < hostTime)
                    {
                        hostTime = d;
                        nextHost = host;
                    }
                }
            }

            var queueTime = _queue.TryPeek(out _, out var p) ? new MonotonicTime(p.Time) : MonotonicTime.Never;
            var t = MonotonicTime.Min(queueTime, hostTime);
            if (t > end)
            {
                Now = end;
                return;
            }

            Now = t < Now ? Now : t;
            Steps++;
            if (queueTime <= hostTime)
            {
                Execute(_queue.Dequeue());
            }
            else
            {
                nextHost!.Timer(Now);
            }

            if (Options.CheckInvariants)
            {
                Checker.AfterStep();
            }
        }
    }

    private void Execute(in SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Action:
                e.Action!();
                break;
            case SimEventKind.Deliver when e.Host!.Epoch == e.Epoch:
                Deliveries++;
                e.Host.Deliver(e.Interface!, e.Family, e.Source!, e.Destination!, e.Ttl, e.Payload, Now);
                break;
            case SimEventKind.ScriptDone when e.Host!.Epoch == e.Epoch:
                e.Host.CompleteScript(e.Completion, Now);
                break;
        }
    }

    private void Enqueue(MonotonicTime at, in SimEvent e) => _queue.Enqueue(e, (at.Microseconds, _sequence++));

    internal void ScheduleScriptDone(SimHost host, MonotonicTime at, in ScriptCompletion completion) =>
        Enqueue(at, new SimEvent(
            SimEventKind.ScriptDone,
            host,
            host.Epoch,
            null,
            default,
            null,
            null,
            0,
            default,
            completion,
            null));

    internal byte[] BytesOf(IPAddress address)
    {
        if (!_addressBytes.TryGetValue(address, out var bytes))
        {
            bytes = address.GetAddressBytes();
            _addressBytes.Add(address, bytes);
        }

        return bytes;
    }

    internal void Trace(SimHost host, int kind, string name, long value)
    {
        _traceHash.Add(Now.Microseconds);
        _traceHash.Add(host.Index);
        _traceHash.Add(kind);
        _traceHash.Add(name);
        _traceHash.Add(value);
    }

    internal void TraceText(string line)
    {
        if (Options.KeepTrace)
        {
            TraceLines.Add($"{Elapsed.TotalSeconds,10:F6} {line}");
        }
    }

    internal void OnStateChanged(SimHost host, string instance, VrrpState from, VrrpState to, MonotonicTime at)
    {
        Trace(host, 1, instance, (long)to);
        Transitions.Add((at, host.Name, instance, from, to));
        TraceText($"{host.Name} {instance} {from} -> {to}");
        Checker.OnStateChanged(host, instance, from, to);
    }

    internal void OnPriorityChanged(SimHost host, string instance, int from, int to, MonotonicTime at)
    {
        Trace(host, 5, instance, to);
        TraceText($"{host.Name} {instance} priority {from} -> {to}");
        Checker.MarkDisturbance(at, $"{host.Name} {instance} priority {from} -> {to}");
    }
}
