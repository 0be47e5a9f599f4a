using Vigil.Cli;
using Vigil.Config.Model;
using Vigil.Daemon;
using Vigil.Engine;
using Vigil.Engine.Status;
using Vigil.Operations.Metrics;
using Vigil.Operations.Status;

namespace Vigil.Operations.Hosting;

/// <summary><see cref="IDaemonAccess"/> over the real driver. Every read of the engine goes through
/// <see cref="VigilDaemon.InvokeAsync{T}"/>, so it runs on the loop, between two events.</summary>
public sealed class VigilDaemonAccess(VigilDaemon daemon, DateTimeOffset startedAt) : IDaemonAccess
{
    private readonly DaemonInfo _info = new(
        VersionInfo.Version,
        Environment.ProcessId,
        daemon.Options.ConfigFile,
        startedAt);

    /// <summary>Takes a snapshot; call on the loop only (from InvokeAsync or a loop callback).</summary>
    public StatusSnapshot SnapshotOnLoop(VrrpEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Snapshot(engine, engine.GetStatus());
    }

    private StatusSnapshot Snapshot(VrrpEngine engine, EngineStatus status) => new(_info, status, MonotonicClock.Now(),
        DateTimeOffset.UtcNow, engine.Config, FirewallView.From(daemon.FirewallStatus), daemon.Vmacs);

    public Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel) =>
        daemon.InvokeAsync(SnapshotOnLoop).WaitAsync(cancel);

    public Task<StatusSnapshot> FiguresAsync(FiguresBuffer figures, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return daemon.InvokeAsync(engine =>
        {
            figures.CopyFrom(engine);
            return Snapshot(engine, engine.GetSummary());
        }).WaitAsync(cancel);
    }

    /// <summary>Reloads on the loop exactly as SIGHUP does and reports the front end's verdict: the new configuration
    /// is applied when it can run, else the daemon keeps the running one.</summary>
    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancel)
    {
        var verdict = await daemon.ReloadAsync().WaitAsync(cancel).ConfigureAwait(false);
        var result = verdict.Result;
        var diagnostics = result.Diagnostics.Select(d => d.ToString()).ToArray();
        if (!verdict.Applied)
        {
            return new ReloadOutcome(false,
                $"{daemon.Options.ConfigFile}: {verdict.Refusal}; the daemon keeps its running configuration",
                diagnostics);
        }
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = result.Diagnostics.Count - errors;
        return new ReloadOutcome(true, $"reloaded {daemon.Options.ConfigFile}" +
            (result.Diagnostics.Count > 0
                ? $" ({errors} error(s) worked around, {warnings} warning(s); see the log)"
                : ""),
            diagnostics);
    }

    public void RequestStop() => daemon.RequestStop("stop requested over the control socket");
}
