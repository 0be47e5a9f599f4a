namespace Vigil.Cli;

/// <summary>Maps the first word of the command line to a command. Each command lives in its own file
/// and parses its own options; docs/cli.md is the reference.</summary>
public static class CommandDispatcher
{
    /// <summary>The command words, in the order the usage lists them.</summary>
    public static readonly string[] Commands = ["run", "check", "status", "reload", "stop", "lab", "help", "version"];

    public static int Dispatch(string[] args) => Dispatch(args, Console.Out, Console.Error, File.Exists);

    /// <summary>The dispatch itself, with its outputs and the file test given, so the answers a user sees before
    /// any command runs (help, version, an unknown word, no configuration) can be tested.</summary>
    public static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // keepalived's -v/--version and --signum=NAME: answered in keepalived's form, whatever else is there.
        if (args.Length > 0
            && args[0].StartsWith('-')
            && KeepalivedFlags.TryAnswer(args, stdout, stderr, out var answered))
        {
            return answered;
        }

        if (args.Length > 0)
        {
            var rest = args[1..];
            if (Array.Exists(rest, a => a is "-h" or "--help") && ClientUsage(args[0]) is { } usage)
            {
                stdout.WriteLine(usage);
                return 0;
            }
            switch (args[0])
            {
                case "run":
                    return RunCommand.Run(rest, stdout, stderr, fileExists);
                case "check":
                    return CheckCommand.Run(rest);
                case "status":
                    return StatusCommand.Run(rest);
                case "reload":
                    return ReloadCommand.Run(rest);
                case "stop":
                    return StopCommand.Run(rest);
                case "lab":
                    return LabCommand.Run(rest);
                case "help" or "--help" or "-h":
                    stdout.Write(Usage);
                    return 0;
                case "version":
                    stdout.WriteLine(
                        $"vigil {VersionInfo.Version} (keepalived {KeepalivedFlags.CompatibleVersion} compatible)");
                    return 0;
                case var word when !word.StartsWith('-'):
                    // keepalived's own command line always starts with an option, so a bare word is a mistyped command.
                    stderr.WriteLine($"vigil: unknown command '{word}' (commands: {string.Join(", ", Commands)})");
                    stderr.Write(Usage);
                    return 2;
            }
        }
        // keepalived's flags: `-t`/`--config-test` is check, everything else is run.
        if (Array.Exists(
            args,
            a => a is "-t" or "--config-test" || a.StartsWith("--config-test=", StringComparison.Ordinal)))
        {
            return CheckCommand.Run(args);
        }

        return RunCommand.Run(args, stdout, stderr, fileExists);
    }

    /// <summary>The usage of the commands that talk to a running daemon, for their --help.</summary>
    private static string? ClientUsage(string command) => command switch
    {
        "status" => Operations.Status.StatusClient.Usage,
        "reload" => "usage: vigil reload [--control PATH | -f FILE [-i ID] | -s NAME]   " +
            "(re-read the configuration; exit 1 with the diagnostics when it cannot run)",
        "stop" => "usage: vigil stop [--control PATH | -f FILE [-i ID] | -s NAME]     " +
            "(as SIGTERM: masters hand over with a priority-0 advert)",
        _ => null,
    };

    public const string Usage = """
        usage: vigil COMMAND [options]

          run [options]        run the daemon in the foreground (also: vigil [keepalived flags])
          check [-f FILE]      parse and validate a keepalived.conf; -t/--config-test is an alias
          status [--json]      ask the running daemon for its state; --explain NAME
          reload | stop        the same as SIGHUP / SIGTERM, through the control socket
          lab                  a small cluster failing over live
          version              print the version

        `vigil COMMAND --help` shows a command's options; docs/cli.md has them all.

        """;
}
