using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Simulation;

/// <summary>
/// A random cluster from one seed: 2-5 hosts, 1-20 instances (v2/v3, IPv4/IPv6, random priorities, nopreempt,
/// preempt_delay, owners, weighted and weight-0 scripts, sync groups, fast handover on or off) and a fault
/// schedule (crashes, kill -9, graceful stops, link flaps, partitions, lossy periods, failing and flapping scripts,
/// reloads).
/// Faults stop at <see cref="FaultsEnd"/>; everything is healed then, and the run goes on long enough for the
/// cluster to settle, so the stable-state invariants are checked at the end of every seed.
/// </summary>
public static class Swarm
{
    public static readonly TimeSpan FaultsEnd = TimeSpan.FromSeconds(90);

    public static Simulation Build(ulong seed, SimulationOptions? options = null)
    {
        var rng = new SimRandom(seed * 0x9E3779B97F4A7C15UL + 1);
        var sim = new Simulation(seed, options ?? new SimulationOptions { KeepLogs = false, KeepTrace = true });
        var hostCount = rng.Next(2, 6);
        var instanceCount = rng.Next(1, 21);
        var scripts = Enumerable.Range(0, rng.Next(0, 4))
            .Select(s => new VrrpScriptConfig
            {
                Name = $"chk{s}",
                Command = [$"/usr/local/bin/chk{s}"],
                IntervalMs = rng.Pick(new[] { 500, 1000, 2000 }),
                TimeoutMs = 400,
                Rise = rng.Next(1, 4),
                Fall = rng.Next(1, 4),
                Tracked = true,
            }).ToArray();
        var fastHandover = rng.Chance(0.7);
        var instances = new List<(VrrpInstanceConfig Template, int[] Priorities)>();
        for (var i = 0; i < instanceCount; i++)
        {
            var v6 = rng.Chance(0.2);
            var version = v6 || rng.Chance(0.5) ? 3 : 2;
            var adv = version == 2 ? rng.Pick(new[] { 1000, 1000, 2000 }) : rng.Pick(new[] { 300, 500, 1000, 2000 });
            var vip = v6 ? $"2001:db8::{i + 1:x}/64" : $"198.51.100.{i + 1}/24";
            var template = Configs.Instance($"VI_{i + 1}", i + 1, 100, vip) with
            {
                Version = version,
                AdvertIntervalMs = adv,
                Preempt = !rng.Chance(0.1),
                PreemptDelayMs = rng.Chance(0.1) ? rng.Next(1, 6) * 1000 : 0,
                TrackScripts = scripts.Length == 0 ? [] : Enumerable.Range(0, rng.Next(0, 3))
                    .Select(_ => rng.Pick(scripts).Name).Distinct()
                    .Select(name => Configs.Track(name, rng.Pick(new[] { 0, -10, -50, -100, 20, 60 }), rng.Chance(0.1)))
                    .ToArray(),
            };
            if (!template.Preempt)
            {
                template = template with { PreemptDelayMs = 0 };
            }

            if (!v6 && rng.Chance(0.15))
            {
                // Unicast to every other host (the peers are filled in per host below).
                template = template with
                {
                    UnicastPeers = [new UnicastPeerConfig { Address = IPAddress.Parse("192.0.2.1") }]
                };
            }

            var priorities = Enumerable.Range(0, hostCount)
                .Select(_ => rng.Chance(0.15) ? 100 : rng.Next(1, 255))
                .ToArray();
            if (rng.Chance(0.05))
            {
                priorities[rng.Next(0, hostCount)] = 255;
            }

            instances.Add((template, priorities));
        }

        var groups = new List<string[]>();
        for (var i = 0; i + 1 < instanceCount; i++)
        {
            if (rng.Chance(0.1))
            {
                var size = Math.Min(rng.Next(2, 4), instanceCount - i);
                var members = Enumerable.Range(i, size).ToArray();
                // Members move together, so give them one priority, preempt setting and no owner per host.
                var first = instances[members[0]];
                var prios = first.Priorities.Select(p => Math.Min(p, 254)).ToArray();
                foreach (var m in members)
                {
                    instances[m] = (
                        instances[m].Template with
                        {
                            Preempt = first.Template.Preempt,
                            PreemptDelayMs = first.Template.PreemptDelayMs
                        },
                        prios);
                }

                groups.Add(members.Select(m => $"VI_{m + 1}").ToArray());
                i += size;
            }
        }

        for (var h = 0; h < hostCount; h++)
        {
            var config = new VigilConfig
            {
                Global = new GlobalDefs { VrrpFastHandover = fastHandover },
                Scripts = scripts,
                Instances = instances.Select(x => x.Template with
                {
                    Priority = x.Priorities[h],
                    ConfiguredState = x.Priorities[h] == 255 ? VrrpState.Master : VrrpState.Backup,
                    UnicastPeers = x.Template.IsUnicast
                        ? Enumerable.Range(0, hostCount).Where(o => o != h)
                            .Select(o => new UnicastPeerConfig { Address = IPAddress.Parse($"192.0.2.{10 + o}") })
                            .ToArray()
                        : [],
                }).ToArray(),
            };
            foreach (var g in groups)
            {
                config = config.WithGroup($"G_{g[0]}", g);
            }

            sim.AddHost($"h{h}", config);
        }

        ScheduleFaults(sim, rng, scripts);
        sim.Start();
        return sim;
    }

    private static void ScheduleFaults(Simulation sim, SimRandom rng, VrrpScriptConfig[] scripts)
    {
        var end = FaultsEnd.TotalSeconds;
        var count = rng.Next(0, 9);
        for (var f = 0; f < count; f++)
        {
            var at = rng.Next(5, (int)end - 5) + rng.NextDouble();
            var host = sim.Hosts[rng.Next(0, sim.Hosts.Count)];
            var length = TimeSpan.FromSeconds(rng.Next(2, 20) + rng.NextDouble());
            var start = TimeSpan.FromSeconds(at);
            var stop = start + length > FaultsEnd ? FaultsEnd : start + length;
            switch (rng.Next(0, 8))
            {
                case 7:
                    // SIGHUP with one ungrouped instance's priority changed (or the same file again).
                    var reloadAt = start;
                    var pick = rng.Next(0, 1000);
                    var newPriority = rng.Next(1, 255);
                    sim.At(reloadAt, () =>
                    {
                        var config = host.Config;
                        var free = config.Instances.Where(i => i.SyncGroup is null && i.Priority != 255).ToList();
                        if (free.Count > 0)
                        {
                            var target = free[pick % free.Count];
                            config = config with
                            {
                                Instances = config.Instances
                                    .Select(i => i == target ? i with { Priority = newPriority } : i)
                                    .ToArray()
                            };
                        }

                        sim.Reload(host, config);
                    });
                    break;
                case 0:
                    var kill = rng.Chance(0.5);
                    sim.At(start, () =>
                    {
                        if (kill)
                        {
                            sim.KillDaemon(host);
                        }
                        else
                        {
                            sim.Crash(host);
                        }
                    });
                    sim.At(stop, () => sim.Restart(host));
                    break;
                case 1:
                    sim.At(start, () => sim.Stop(host));
                    sim.At(stop, () => sim.Restart(host));
                    break;
                case 2:
                    sim.At(start, () => sim.SetLink(host, "eth0", false));
                    sim.At(stop, () => sim.SetLink(host, "eth0", true));
                    break;
                case 3:
                    var side = sim.Hosts.Where(_ => rng.Chance(0.5)).Select(h => h.Name).ToArray();
                    var rest = sim.Hosts.Select(h => h.Name).Except(side).ToArray();
                    sim.At(start, () => sim.Partition("lan", side, rest));
                    sim.At(stop, () => sim.Heal("lan"));
                    break;
                case 4:
                    var conditions = new NetworkConditions
                    {
                        Loss = 0.1 + (rng.NextDouble() * 0.4),
                        Duplicate = rng.NextDouble() * 0.2,
                        Reorder = rng.NextDouble() * 0.3,
                        Jitter = TimeSpan.FromMilliseconds(rng.Next(1, 50)),
                    };
                    sim.At(start, () => sim.SetConditions("lan", conditions));
                    sim.At(stop, () => sim.SetConditions("lan", NetworkConditions.Clean));
                    break;
                default:
                    if (scripts.Length == 0)
                    {
                        break;
                    }

                    var script = rng.Pick(scripts).Name;
                    var behaviour = host.Scripts.GetValueOrDefault(script) ?? ScriptBehaviour.Succeeding();
                    if (rng.Chance(0.5))
                    {
                        behaviour.At(start, rng.Chance(0.2) ? -1 : 1).At(stop, 0);
                    }
                    else
                    {
                        // Flapping, with some runs timing out.
                        for (var t = start; t < stop; t += TimeSpan.FromSeconds(1.3))
                        {
                            behaviour.At(t, rng.Next(0, 2), rng.Chance(0.2) ? TimeSpan.FromSeconds(1) : null);
                        }

                        behaviour.At(stop, 0);
                    }

                    host.Scripts[script] = behaviour;
                    break;
            }
        }

        // Heal everything at the end of the fault period.
        sim.At(FaultsEnd, () =>
        {
            sim.Heal("lan");
            sim.SetConditions("lan", NetworkConditions.Clean);
            foreach (var h in sim.Hosts)
            {
                sim.SetLink(h, "eth0", true);
                sim.Restart(h);
            }
        });
    }

    /// <summary>Runs a built swarm to the end: the fault period plus time to settle.</summary>
    public static void Run(Simulation sim)
    {
        sim.RunUntil(sim.StartTime + FaultsEnd + sim.Checker.SettleWindow + TimeSpan.FromSeconds(5));
    }
}
