using Vigil.Core.Primitives;
using Vigil.Engine.Ports;

namespace Vigil.Engine;

/// <summary>UTC for auth_hmac sequences through the <see cref="IWallClock"/> port. The daemon gives the system
/// clock; without one (simulation, tests) UTC is a fixed epoch plus the monotonic time the engine last saw.</summary>
public sealed partial class VrrpEngine
{
    /// <summary>2026-12-01T00:00:00Z, the epoch of a simulated wall clock.</summary>
    public const long SimulatedEpochUnixMicroseconds = 1_796_083_200_000_000;

    private MonotonicTime _lastSeen;

    public IWallClock? WallClock { get; init; }

    internal long UnixMicroseconds() =>
        WallClock?.UnixMicroseconds ?? SimulatedEpochUnixMicroseconds + _lastSeen.Microseconds;
}
