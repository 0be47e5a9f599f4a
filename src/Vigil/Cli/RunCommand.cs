using Vigil.Daemon;
using Vigil.Engine.Logging;
using Vigil.Logging;
using Vigil.Operations.Hosting;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil run</c> (and keepalived's own command line): checks privileges and the configuration, writes the
/// pid file and runs the daemon in the foreground until SIGTERM/SIGINT. Refusals are one clear line.
/// </summary>
public static class RunCommand
{
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error, File.Exists);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(fileExists);
        if (Array.Exists(args, a => a is "-h" or "--help"))
        {
            stdout.Write(Usage);
            return 0;
        }
        var (options, error) = DaemonOptions.Parse(args);
        if (options is null)
        {
            stderr.WriteLine($"vigil run: {error} (vigil run --help lists the options)");
            return 2;
        }
        if (options.ConfigFile == DaemonOptions.DefaultConfigFile && !fileExists(options.ConfigFile))
        {
            // No file named and none at keepalived's place: most often a first try on a machine without keepalived.
            // Say how to start rather than print a diagnostic about a file that is not there. (A file named with -f
            // and missing gets the located diagnostic, as any file that cannot be read.)
            stderr.Write(StartHint(options.ConfigFile));
            return 4;
        }
        if (!Privileges.CanRun(out var missing))
        {
            stderr.WriteLine(
                $"vigil run: needs root or {missing} (raw VRRP sockets and address changes); refusing to start");
            return 1;
        }
        var log = new DaemonLog(options.LogDetail, options.LogConsole);
        var logger = log.CreateLogger(LogCategories.Daemon);
        // Taken first, so the connector is close-on-exec before anything could start a child.
        var arrivedIn = NamespaceStart.Arrived(logger);
        var result = RunCommandLoader.Load(options);
        if (arrivedIn is null && result.Model?.Global.NetNamespace is { } target)
        {
            // Interfaces are checked inside, by the new image, against the namespace's own /sys/class/net.
            return NamespaceStart.Move(result.Model, target, logger);
        }
        foreach (var d in CheckCommand.Sorted(result.Diagnostics))
            stderr.WriteLine(d.ToString());
        if (!result.CanRun || result.Model is null)
        {
            stderr.WriteLine(
                $"vigil run: {options.ConfigFile} cannot run (exit code {result.ExitCode} from the check); refusing " +
                $"to start");
            return 4;
        }
        // The namespace is fixed for the daemon's life: the one it was moved into, whatever the file says now
        // (a reload that names another is refused).
        var model = arrivedIn is null
            ? result.Model
            : result.Model with { Global = result.Model.Global with { NetNamespace = arrivedIn } };
        options = options.InNamespace(arrivedIn);
        if (arrivedIn is not null)
            logger.NetNamespaceRunning(arrivedIn, options.PidFile, options.ControlSocket);
        if (!PidFile.TryWrite(options.PidFile, out var pidError))
        {
            stderr.WriteLine($"vigil run: {pidError}; refusing to start");
            return 1;
        }
        // The operations surfaces (control socket, metrics, systemd, dumps) are composed with the daemon here, and
        // removed after it stops.
        var operations = new DaemonOperations();
        try
        {
            if (BootDelay.Uptime() is { } uptime)
                model = BootDelay.Apply(model, uptime);
            using var daemon = new VigilDaemon(options, model, log, VersionInfo.Version, operations);
            operations.Start(daemon);
            int code = daemon.RunAsync().GetAwaiter().GetResult();
            logger.Stopped();
            return code;
        }
        finally
        {
            PidFile.Remove(options.PidFile);
            operations.Dispose();
            RunFiles.RemoveDirectory(arrivedIn);
        }
    }

    /// <summary>What to do when there is no configuration to run.</summary>
    public static string StartHint(string configFile) => $"""
        vigil: no configuration at {configFile}. To start:
          vigil lab                  three nodes electing a master, with keys to break things (no configuration needed)
          vigil check -f FILE        check a keepalived.conf the way the daemon reads it
          vigil run -f FILE          run the daemon on it (root)
          vigil help                 every command

        """;

    public const string Usage = """
        usage: vigil run [options]          (or keepalived's own line: vigil -f FILE -n -l -D)

        Runs the VRRP daemon in the foreground until SIGTERM, SIGINT or `vigil stop`.

          -f, --use-file FILE       configuration file (default /etc/keepalived/keepalived.conf)
          -i, --config-id ID        the id that selects @ID lines (default: the host name)
          -p, --pid FILE            pid file (default /run/vigil.pid; /run/vigil/NAME/vigil.pid with net_namespace NAME)
          -s, --namespace NAME      run in network namespace NAME (replaces the file's net_namespace)
          -l, --log-console         start each log line with a timestamp
          -D, --log-detail          log detail lines too
          -V, --dont-release-vrrp   leave the virtual addresses in place at stop
          --control PATH            control socket for status/reload/stop (default /run/vigil/control.sock;
                                    /run/vigil/NAME/control.sock with net_namespace NAME)
          --metrics ADDR:PORT       serve Prometheus text at http://ADDR:PORT/metrics
          -h, --help                this text
          -n -P -R -X -d -G, -S N -g F -r F -c F -b F
                                    keepalived's, accepted and without effect (Vigil never forks, only does VRRP)

        Exit codes: 0 stopped cleanly, 1 not root, pid file unusable or net_namespace missing, 2 bad option,
        4 configuration cannot run.
        docs/cli.md has the details.

        """;
}
