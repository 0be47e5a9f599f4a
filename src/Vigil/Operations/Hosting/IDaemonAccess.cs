using Vigil.Operations.Metrics;
using Vigil.Operations.Status;

namespace Vigil.Operations.Hosting;

/// <summary>What the operations side needs from a running daemon. Implemented over the real driver
/// (<see cref="VigilDaemonAccess"/>) and by fakes in tests.</summary>
public interface IDaemonAccess
{
    /// <summary>A consistent snapshot, taken on the driver's loop between two events.</summary>
    Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel);

    /// <summary>For a metrics scrape: the instances' figures copied into <paramref name="figures"/> and a snapshot
    /// of everything else (its instance list empty), taken together on the loop. By default from a full
    /// snapshot.</summary>
    async Task<StatusSnapshot> FiguresAsync(FiguresBuffer figures, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var snapshot = await SnapshotAsync(cancel).ConfigureAwait(false);
        figures.CopyFrom(snapshot.Engine.Instances);
        return snapshot with { Engine = snapshot.Engine with { Instances = [] } };
    }

    /// <summary>Reloads as SIGHUP does and reports whether the new configuration was applied.</summary>
    Task<ReloadOutcome> ReloadAsync(CancellationToken cancel);

    /// <summary>Stops as SIGTERM does (returns at once; the daemon winds down on its loop).</summary>
    void RequestStop();
}
