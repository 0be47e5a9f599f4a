using Vigil.Core.Primitives;

namespace Vigil.Simulation.Tests;

internal static class ScenarioAssert
{
    /// <summary>No invariant was violated; on failure, prints the violations and the end of the trace.</summary>
    public static void Clean(Simulation sim)
    {
        if (sim.Checker.Violations.Count > 0)
        {
            Assert.Fail($"seed {sim.Seed}: invariant violations:\n{string.Join("\n", sim.Checker.Violations)}\n" +
                $"--- trace (last 60) ---\n{string.Join("\n", sim.TraceLines.TakeLast(60))}");
        }
    }

    public static void State(Simulation sim, string host, string instance, VrrpState expected)
    {
        var actual = sim.Host(host).StateOf(instance);
        if (actual != expected)
        {
            Assert.Fail($"{host} {instance}: expected {expected}, was {actual} at {sim.Elapsed.TotalSeconds:F3}s\n" +
                $"--- trace ---\n{string.Join("\n", sim.TraceLines.TakeLast(40))}");
        }
    }

    /// <summary>The first moment after <paramref name="after"/> that <paramref name="host"/>'s instance entered
    /// <paramref name="state"/>.</summary>
    public static TimeSpan? FirstEntered(Simulation sim, string host, string instance, VrrpState state, TimeSpan after)
    {
        foreach (var t in sim.Transitions)
        {
            var at = t.At - sim.StartTime;
            if (t.Host == host && t.Instance == instance && t.To == state && at >= after)
            {
                return at;
            }
        }

        return null;
    }
}
