namespace Vigil.Simulation;

public sealed record SimulationOptions
{
    /// <summary>Keep every engine log line per host (scenarios); off for the swarm and benchmarks.</summary>
    public bool KeepLogs { get; init; } = true;

    /// <summary>Keep a readable trace of state changes (printed on failure).</summary>
    public bool KeepTrace { get; init; } = true;

    /// <summary>Run the cluster invariants after every step.</summary>
    public bool CheckInvariants { get; init; } = true;
}
