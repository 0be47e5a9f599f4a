using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;

namespace Vigil.Operations.Status;

/// <summary>One consistent picture of the daemon for status, explain, metrics, dumps and systemd's STATUS=:
/// the engine's snapshot, taken between two events on the driver's loop, plus the daemon's own facts and the
/// pair of clocks that turns the engine's monotonic instants into wall-clock times.</summary>
/// <param name="Now">The engine's monotonic clock when the snapshot was taken.</param>
/// <param name="WallNow">The wall clock at that same moment.</param>
/// <param name="Config">The configuration in force (for dumps: script commands, VIP devices); null if unknown.</param>
/// <param name="Firewall">no_accept's nftables tables; null when the daemon has none.</param>
/// <param name="Vmacs">The daemon's VMAC interfaces (use_vmac); null or empty when none.</param>
public sealed record StatusSnapshot(
    DaemonInfo Daemon,
    EngineStatus Engine,
    MonotonicTime Now,
    DateTimeOffset WallNow,
    VigilConfig? Config = null,
    FirewallView? Firewall = null,
    IReadOnlyList<VmacState>? Vmacs = null)
{
    /// <summary>The wall-clock time of a monotonic instant: wall clocks jump, the engine's clock does not, so the
    /// conversion is done once per snapshot from the offset between the two.</summary>
    public DateTimeOffset ToWall(MonotonicTime instant) =>
        WallNow - TimeSpan.FromTicks((Now.Microseconds - instant.Microseconds) * TimeSpan.TicksPerMicrosecond);
}
