using Vigil.Operations.Hosting;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>A daemon stand-in: answers snapshots from a settable picture, records reloads and stops.</summary>
internal sealed class FakeDaemon : IDaemonAccess
{
    public StatusSnapshot Current { get; set; } = Fixtures.Snapshot();

    public ReloadOutcome NextReload { get; set; } = new(true, "reloaded", []);

    public int Reloads;
    public int Stops;

    /// <summary>While set, snapshots never come (a wedged loop).</summary>
    public bool Wedged { get; set; }

    public async Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel)
    {
        while (Wedged)
            await Task.Delay(20, cancel);
        return Current;
    }

    public Task<ReloadOutcome> ReloadAsync(CancellationToken cancel)
    {
        Interlocked.Increment(ref Reloads);
        return Task.FromResult(NextReload);
    }

    public void RequestStop() => Interlocked.Increment(ref Stops);
}
