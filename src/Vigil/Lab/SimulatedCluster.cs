using System.Diagnostics;
using Vigil.Config;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Operations.Status;

namespace Vigil.Lab;

/// <summary>
/// The lab without root: the same nodes and configuration, each an in-process <see cref="Engine.VrrpEngine"/> (the
/// very engine `vigil run` drives), on a simulated segment that delivers every advert to every other node whose
/// link is up. Time is real, so the table moves as the real lab does; health checks finish in 5 ms with the exit
/// status their fail switch says. One lock serializes everything, as the daemon's loop does.
/// </summary>
public sealed class SimulatedCluster : ILabCluster
{
    private static readonly byte[] Multicast = [224, 0, 0, 18];
    private static readonly TimeSpan ScriptTime = TimeSpan.FromMilliseconds(5);

    private readonly List<SimulatedNode> _nodes = [];
    private readonly Lock _gate = new();
    private readonly List<(MonotonicTime At, SimulatedNode Node, ScriptCompletion Completion)> _scripts = [];
    private readonly Queue<(SimulatedNode From, byte[] Payload, byte Ttl)> _wire = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _wallOrigin = DateTimeOffset.UtcNow;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SimulatedCluster(int nodes)
    {
        for (var i = 1; i <= nodes; i++)
        {
            var path = $"/lab/n{i}.conf";
            var result = ConfigLoader.Load(path,
                new InMemoryConfigSource().Add(path, LabConfig.For(i, $"/lab/n{i}.fail")),
                new ConfigOptions { HostName = $"n{i}" });
            if (result.Model is null || !result.CanRun)
                throw new InvalidOperationException($"the lab configuration does not load: {string.Join("; ", result.Diagnostics)}");
            _nodes.Add(new SimulatedNode(i, result.Model));
        }
        lock (_gate)
        {
            foreach (var node in _nodes)
            {
                node.Boot(Now());
                Drain(node, Now());
            }
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public string Description => $"{Nodes} simulated nodes in this process: the daemon's engine on a simulated segment, no namespaces";

    public int Nodes => _nodes.Count;

    public string WorkDirectory => "(in memory)";

    private MonotonicTime Now() => new((long)(Stopwatch.GetElapsedTime(_origin).Ticks / TimeSpan.TicksPerMicrosecond));

    private async Task RunAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            MonotonicTime next;
            lock (_gate)
            {
                var now = Now();
                for (var i = _scripts.Count - 1; i >= 0; i--)
                {
                    var (at, node, completion) = _scripts[i];
                    if (at > now)
                        continue;
                    _scripts.RemoveAt(i);
                    if (node.Engine is { } engine)
                    {
                        engine.OnScriptCompleted(completion, now);
                        Drain(node, now);
                    }
                }
                foreach (var node in _nodes)
                {
                    if (node.Engine is { } engine && engine.NextDeadline <= now)
                    {
                        engine.OnTimer(now);
                        Drain(node, now);
                    }
                }
                next = MonotonicTime.Never;
                foreach (var node in _nodes)
                    next = MonotonicTime.Min(next, node.Engine?.NextDeadline ?? MonotonicTime.Never);
                foreach (var (at, _, _) in _scripts)
                    next = MonotonicTime.Min(next, at);
            }
            var wait = next.IsNever ? TimeSpan.FromMilliseconds(50) : next - Now();
            try
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1)
                    : wait > TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Carries out a node's effects, then delivers what went on the wire (queued, so no engine is re-entered).
    private void Drain(SimulatedNode node, MonotonicTime now)
    {
        if (node.Engine is not { } engine)
            return;
        foreach (var effect in engine.PendingEffects)
        {
            switch (effect)
            {
                case SendAdvert send when node.LinkUp:
                    _wire.Enqueue((node, send.Payload.ToArray(), send.Ttl));
                    break;
                case AddAddress add:
                    node.Addresses.Add(add.Address.Address);
                    break;
                case RemoveAddress remove:
                    node.Addresses.Remove(remove.Address.Address);
                    break;
                case RunScript run:
                    _scripts.Add((now + ScriptTime, node,
                        ScriptCompletion.Exit(run.Script, run.RunId, node.CheckFailing ? 1 : 0, ScriptTime)));
                    break;
                case MailAlert:
                    break; // the simulated lab has no mail server; the namespace lab's daemons send for real
            }
        }
        engine.ClearEffects();
        while (_wire.TryDequeue(out var packet))
        {
            var source = packet.From.Address.GetAddressBytes();
            foreach (var other in _nodes)
            {
                if (other == packet.From || !other.LinkUp || other.Engine is not { } receiver)
                    continue;
                receiver.OnAdvertReceived("eth0", IpFamily.IPv4, source, Multicast, packet.Ttl, packet.Payload, now);
                Drain(other, now);
            }
        }
    }

    public Task<IReadOnlyList<LabRow>> RowsAsync()
    {
        var rows = new List<LabRow>();
        lock (_gate)
        {
            foreach (var node in _nodes)
            {
                var holds = node.Addresses.Any(a => a.ToString() == LabConfig.VirtualAddress);
                var instance = node.Engine?.GetStatus().Instances.FirstOrDefault();
                if (instance is null)
                {
                    rows.Add(new LabRow(node.Name, "DOWN", null, null, holds, node.CheckFailing, !node.LinkUp, null));
                    continue;
                }
                var wall = _wallOrigin + TimeSpan.FromTicks(instance.LastTransitionAt.Microseconds * TimeSpan.TicksPerMicrosecond);
                rows.Add(new LabRow(node.Name, StatusNames.State(instance.State), instance.EffectivePriority, instance.BasePriority,
                    holds, node.CheckFailing, !node.LinkUp, wall));
            }
        }
        return Task.FromResult<IReadOnlyList<LabRow>>(rows);
    }

    private SimulatedNode Node(int node) => _nodes[node - 1];

    /// <summary>The process dies: its simulated kernel keeps the addresses, as a real one does after SIGKILL.</summary>
    public void Kill(int node)
    {
        lock (_gate)
            Node(node).Engine = null;
    }

    public void Restart(int node)
    {
        lock (_gate)
        {
            var n = Node(node);
            if (n.Engine is not null)
                return;
            n.Boot(Now());
            Drain(n, Now());
        }
    }

    public void FailCheck(int node, bool failing)
    {
        lock (_gate)
            Node(node).CheckFailing = failing;
    }

    public void CutLink(int node, bool cut)
    {
        lock (_gate)
        {
            var n = Node(node);
            n.LinkUp = !cut;
            if (n.Engine is { } engine)
            {
                engine.OnLinkChanged("eth0", !cut, Now());
                Drain(n, Now());
            }
        }
    }

    public void RestoreAll()
    {
        for (var i = 1; i <= Nodes; i++)
        {
            CutLink(i, false);
            FailCheck(i, false);
            Restart(i);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
