using Vigil.Config.Model;

namespace Vigil.Simulation.Tests;

/// <summary>Builds and starts a simulation with one host per configuration on segment "lan".</summary>
internal static class Cluster
{
    public static Simulation Start(ulong seed, params (string Host, VigilConfig Config)[] hosts)
    {
        var sim = new Simulation(seed);
        foreach (var (host, config) in hosts)
        {
            sim.AddHost(host, config);
        }

        sim.Start();
        return sim;
    }

    public static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
