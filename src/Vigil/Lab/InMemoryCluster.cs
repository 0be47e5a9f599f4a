using System.Diagnostics;
using System.Net;
using Vigil.Config;
using Vigil.Core.Primitives;
using Vigil.Operations.Status;
using Vigil.Simulation;

namespace Vigil.Lab;

/// <summary>
/// The lab without root: the same nodes and configuration on <see cref="Simulation.Simulation"/>, the simulator the
/// tests use (each node the very engine `vigil run` drives, behind the same effect pump), with its virtual clock
/// following real time so the table moves as the real lab does. Health checks finish in 5 ms with the exit status
/// their fail switch says. One lock serializes everything, as the daemon's loop does.
/// </summary>
public sealed class InMemoryCluster : ILabCluster
{
    private const string Check = "chk_service";
    private const string Link = "eth0";
    private static readonly IPAddress Vip = IPAddress.Parse(LabConfig.VirtualAddress);

    private readonly Simulation.Simulation _sim;
    private readonly bool[] _checkFailing;
    private readonly Lock _gate = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _wallOrigin = DateTimeOffset.UtcNow;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public InMemoryCluster(int nodes)
    {
        // A fixed seed: the lab's segment is clean, so the seed only picks delivery delays within 0.2-0.7 ms.
        _sim = new Simulation.Simulation(
            1,
            new SimulationOptions { KeepLogs = false, KeepTrace = false, CheckInvariants = false });
        _sim.Checker.Enabled = false;
        _checkFailing = new bool[nodes];
        for (var i = 1; i <= nodes; i++)
        {
            var path = $"/lab/n{i}.conf";
            var result = ConfigLoader.Load(path,
                new InMemoryConfigSource().Add(path, LabConfig.For(i, $"/lab/n{i}.fail")),
                new ConfigOptions { HostName = $"n{i}" });
            if (result.Model is null || !result.CanRun)
            {
                throw new InvalidOperationException(
                    $"the lab configuration does not load: {string.Join("; ", result.Diagnostics)}");
            }

            var host = _sim.AddHost($"n{i}", result.Model, (Link, "lan"));
            host.Scripts[Check] = ScriptBehaviour.Succeeding();
        }
        lock (_gate)
            _sim.Start();
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public string Description =>
        $"{Nodes} simulated nodes in this process: the daemon's engine on a simulated segment, no namespaces";

    public int Nodes => _sim.Hosts.Count;

    public string WorkDirectory => "(in memory)";

    /// <summary>Virtual time is the simulator's start plus the real time since the cluster was made.</summary>
    private MonotonicTime Now() => _sim.StartTime + Stopwatch.GetElapsedTime(_origin);

    /// <summary>Brings the simulation up to the present; callers hold the lock.</summary>
    private void CatchUp()
    {
        var now = Now();
        if (now > _sim.Now)
            _sim.RunUntil(now);
    }

    private async Task RunAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            MonotonicTime next;
            lock (_gate)
            {
                CatchUp();
                next = _sim.NextEventAt;
            }
            var wait = next.IsNever ? TimeSpan.FromMilliseconds(50) : next - Now();
            try
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1)
                    : wait > TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait,
                    cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public Task<IReadOnlyList<LabRow>> RowsAsync()
    {
        var rows = new List<LabRow>();
        lock (_gate)
        {
            CatchUp();
            for (var i = 0; i < _sim.Hosts.Count; i++)
            {
                var host = _sim.Hosts[i];
                var holds = host.HoldsAddress(Vip);
                var linkCut = host.FindInterface(Link) is { LinkUp: false };
                var instance = host.Engine?.GetStatus().Instances.FirstOrDefault();
                if (instance is null)
                {
                    rows.Add(new LabRow(host.Name, "DOWN", null, null, holds, _checkFailing[i], linkCut, null));
                    continue;
                }
                var wall = _wallOrigin + (instance.LastTransitionAt - _sim.StartTime);
                rows.Add(
                    new LabRow(
                        host.Name,
                        StatusNames.State(instance.State),
                        instance.EffectivePriority,
                        instance.BasePriority,
                        holds,
                        _checkFailing[i],
                        linkCut,
                        wall));
            }
        }
        return Task.FromResult<IReadOnlyList<LabRow>>(rows);
    }

    private SimHost Host(int node) => _sim.Hosts[node - 1];

    /// <summary>The process dies: its simulated kernel keeps the addresses, as a real one does after SIGKILL.</summary>
    public void Kill(int node)
    {
        lock (_gate)
        {
            CatchUp();
            _sim.KillDaemon(Host(node));
        }
    }

    public void Restart(int node)
    {
        lock (_gate)
        {
            CatchUp();
            _sim.Restart(Host(node));
        }
    }

    /// <summary>Every check run that starts from now on exits 1 (failing) or 0.</summary>
    public void FailCheck(int node, bool failing)
    {
        lock (_gate)
        {
            CatchUp();
            _checkFailing[node - 1] = failing;
            Host(node).Scripts[Check].At(_sim.Elapsed, failing ? 1 : 0);
        }
    }

    public void CutLink(int node, bool cut)
    {
        lock (_gate)
        {
            CatchUp();
            _sim.SetLink(Host(node), Link, !cut);
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
