using Vigil.Operations.Control;
using Vigil.Operations.Dumps;
using Vigil.Operations.Systemd;

namespace Vigil.Operations.Hosting;

/// <summary>Where the operations surfaces live. Null <see cref="ControlSocket"/> or <see cref="Metrics"/> turns that
/// surface off.</summary>
public sealed record OperationsHostOptions
{
    public string? ControlSocket { get; init; } = ControlServer.DefaultPath;

    /// <summary><c>--metrics ADDR:PORT</c> as given.</summary>
    public string? Metrics { get; init; }

    public SystemdEnvironment Systemd { get; init; } = SystemdEnvironment.None;

    /// <summary>Fallbacks when the configuration has no <c>state_dump_file</c> / <c>stats_dump_file</c>.</summary>
    public string DataDumpPath { get; init; } = DumpFile.DefaultDataPath;

    public string StatsDumpPath { get; init; } = DumpFile.DefaultStatsPath;

    public string JsonDumpPath { get; init; } = DumpFile.DefaultJsonPath;

    /// <summary>True when the driver reports start-up, reloads and stops itself
    /// (<see cref="OperationsHost.OnDaemonReady"/>,
    /// <see cref="OperationsHost.OnReloading"/>, <see cref="OperationsHost.OnReloaded"/>): then every reload, SIGHUP
    /// included, is announced to systemd exactly once, by those calls.</summary>
    public bool LifecycleFromDriver { get; init; }

    /// <summary>How often the host looks at the daemon (STATUS= changes, script runs, watchdog liveness).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
