namespace Vigil.Simulation.Tests;

/// <summary>
/// The seeded swarm: random clusters and fault schedules, invariants after every step. A failure prints the
/// seed and the command that replays exactly that run:
/// <c>VIGIL_SEED=N dotnet run --project tests/Vigil.Simulation.Tests -- -method "*Swarm_seed_from_environment*"</c>.
/// <c>VIGIL_SWARM_SEEDS</c> changes how many seeds the swarm runs (default 500).
/// </summary>
public sealed class SwarmTests(ITestOutputHelper output)
{
    private const string Replay =
        "dotnet run --project tests/Vigil.Simulation.Tests -- -method \"*Swarm_seed_from_environment*\"";

    [Fact]
    public void Swarm_of_seeded_random_clusters_keeps_every_invariant()
    {
        var count = int.TryParse(System.Environment.GetEnvironmentVariable("VIGIL_SWARM_SEEDS"), out var n) ? n : 500;
        var failures = new List<string>();
        long steps = 0, stableChecks = 0;
        for (ulong seed = 1; seed <= (ulong)count; seed++)
        {
            var sim = Swarm.Build(seed, new SimulationOptions { KeepLogs = false, KeepTrace = false });
            Swarm.Run(sim);
            steps += sim.Steps;
            stableChecks += sim.Checker.StableChecks;
            if (sim.Checker.Violations.Count > 0)
            {
                failures.Add($"seed {seed}: {sim.Checker.Violations[0]}\n  replay: VIGIL_SEED={seed} {Replay}");
            }
        }

        output.WriteLine($"{count} seeds, {steps} steps, {stableChecks} stable-state checks, {failures.Count} failing");
        Assert.True(stableChecks >= count, "every seed must reach the settled state at least once");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void Swarm_seed_from_environment()
    {
        if (!ulong.TryParse(System.Environment.GetEnvironmentVariable("VIGIL_SEED"), out var seed))
        {
            seed = 42;
        }

        var sim = Swarm.Build(seed);
        Swarm.Run(sim);
        foreach (var line in sim.TraceLines)
        {
            output.WriteLine(line);
        }

        Assert.True(sim.Checker.Violations.Count == 0,
            $"seed {seed}:\n{string.Join("\n", sim.Checker.Violations)}\n  replay: VIGIL_SEED={seed} {Replay}");
    }

    [Fact]
    public void Same_seed_gives_the_same_trace_hash_and_different_seeds_differ()
    {
        ulong Hash(ulong seed)
        {
            var sim = Swarm.Build(seed, new SimulationOptions { KeepLogs = false, KeepTrace = false });
            Swarm.Run(sim);
            return sim.TraceHashValue;
        }

        for (ulong seed = 1000; seed < 1010; seed++)
        {
            Assert.Equal(Hash(seed), Hash(seed));
        }

        Assert.NotEqual(Hash(7), Hash(8));
    }
}
