using Vigil.Operations.Status;

namespace Vigil.Operations.Hosting;

/// <summary>What the operations side needs from a running daemon. Implemented over the real driver
/// (<see cref="VigilDaemonAccess"/>) and by fakes in tests.</summary>
public interface IDaemonAccess
{
    /// <summary>A consistent snapshot, taken on the driver's loop between two events.</summary>
    Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel);

    /// <summary>Reloads as SIGHUP does and reports whether the new configuration was applied.</summary>
    Task<ReloadOutcome> ReloadAsync(CancellationToken cancel);

    /// <summary>Stops as SIGTERM does (returns at once; the daemon winds down on its loop).</summary>
    void RequestStop();
}
