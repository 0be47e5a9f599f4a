using Vigil.Cli;
using Vigil.Config.Model;
using Vigil.Daemon;
using Vigil.Engine;
using Vigil.Operations.Status;

namespace Vigil.Operations.Hosting;

/// <summary><see cref="IDaemonAccess"/> over the real driver. Every read of the engine goes through
/// <see cref="VigilDaemon.InvokeAsync{T}"/>, so it runs on the loop, between two events.</summary>
public sealed class VigilDaemonAccess(VigilDaemon daemon, DateTimeOffset startedAt) : IDaemonAccess
{
    private readonly DaemonInfo _info = new(VersionInfo.Version, Environment.ProcessId, daemon.Options.ConfigFile, startedAt);

    /// <summary>Takes a snapshot; call on the loop only (from InvokeAsync or a loop callback).</summary>
    public StatusSnapshot SnapshotOnLoop(VrrpEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new StatusSnapshot(_info, engine.GetStatus(), MonotonicClock.Now(), DateTimeOffset.UtcNow, engine.Config);
    }

    public Task<StatusSnapshot> SnapshotAsync(CancellationToken cancel) =>
        daemon.InvokeAsync(SnapshotOnLoop).WaitAsync(cancel);

    /// <summary>Checks the new configuration first (to report its diagnostics), then lets the loop reload it as on
    /// SIGHUP. The loop handles inputs in order, so a question queued after the reload request is answered after the
    /// reload: its load time tells whether the new configuration was applied.</summary>
    public async Task<ReloadOutcome> ReloadAsync(CancellationToken cancel)
    {
        var check = await Task.Run(() => RunCommandLoader.Load(daemon.Options), cancel).ConfigureAwait(false);
        var diagnostics = check.Diagnostics.Select(d => d.ToString()).ToArray();
        if (!check.CanRun || check.Model is null)
        {
            return new ReloadOutcome(false,
                $"{daemon.Options.ConfigFile} cannot run; the daemon keeps its running configuration", diagnostics);
        }
        var before = await daemon.InvokeAsync(e => e.ConfigLoadedAt).WaitAsync(cancel).ConfigureAwait(false);
        daemon.RequestReload();
        var after = await daemon.InvokeAsync(e => e.ConfigLoadedAt).WaitAsync(cancel).ConfigureAwait(false);
        var errors = check.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = check.Diagnostics.Count - errors;
        return after != before
            ? new ReloadOutcome(true, $"reloaded {daemon.Options.ConfigFile}" +
                (check.Diagnostics.Count > 0 ? $" ({errors} error(s) worked around, {warnings} warning(s); see the log)" : ""), diagnostics)
            : new ReloadOutcome(false, "the daemon did not apply the new configuration; see its log", diagnostics);
    }

    public void RequestStop() => daemon.RequestStop();
}
