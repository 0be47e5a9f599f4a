using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>UTC for auth_hmac sequences (the only wall-clock reading the protocol needs). The daemon sets
/// <see cref="WallClock"/> to the system clock; without one (simulation, tests) UTC is a fixed epoch plus the
/// monotonic time the engine last saw, so every node of a simulation agrees on it.</summary>
public sealed partial class VrrpEngine
{
    /// <summary>2026-12-01T00:00:00Z, the epoch of a simulated wall clock.</summary>
    public const long SimulatedEpochUnixMicroseconds = 1_796_083_200_000_000;

    private MonotonicTime lastSeen;

    /// <summary>Returns UTC as microseconds since 1970; read once per signed advert and once per received one.</summary>
    public Func<long>? WallClock { get; set; }

    internal long UnixMicroseconds() => WallClock?.Invoke() ?? SimulatedEpochUnixMicroseconds + lastSeen.Microseconds;
}
