using Vigil.Daemon;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil run</c> (and keepalived's own command line): checks privileges and the configuration, writes the
/// pid file and runs the daemon in the foreground until SIGTERM/SIGINT. Refusals are one clear line.
/// </summary>
public static class RunCommand
{
    public static int Run(string[] args)
    {
        var (options, error) = DaemonOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine($"vigil run: {error}");
            return 2;
        }
        if (!Privileges.CanRun(out var missing))
        {
            Console.Error.WriteLine($"vigil run: needs root or {missing} (raw VRRP sockets and address changes); refusing to start");
            return 1;
        }
        var result = RunCommandLoader.Load(options);
        foreach (var d in result.Diagnostics)
            Console.Error.WriteLine(d.ToString());
        if (!result.CanRun || result.Model is null)
        {
            Console.Error.WriteLine($"vigil run: {options.ConfigFile} cannot run (exit code {result.ExitCode} from the check); refusing to start");
            return 4;
        }
        var log = new DaemonLog(options.LogDetail, options.LogConsole);
        if (!PidFile.TryWrite(options.PidFile, out var pidError))
        {
            Console.Error.WriteLine($"vigil run: {pidError}; refusing to start");
            return 1;
        }
        try
        {
            using var daemon = new VigilDaemon(options, result.Model, log);
            DaemonStarted?.Invoke(daemon);
            int code = daemon.RunAsync().GetAwaiter().GetResult();
            log.Info("Stopped");
            return code;
        }
        finally
        {
            PidFile.Remove(options.PidFile);
        }
    }

    /// <summary>Hook for the operations code (control socket, metrics): called with the daemon before its loop starts.</summary>
    public static Action<VigilDaemon>? DaemonStarted { get; set; }

}
