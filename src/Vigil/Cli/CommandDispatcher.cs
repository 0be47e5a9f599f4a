namespace Vigil.Cli;

/// <summary>Maps the first word of the command line to a command. Each command lives in its own file
/// and parses its own options; see spec/cli.md for the contract.</summary>
public static class CommandDispatcher
{
    public static int Dispatch(string[] args)
    {
        Operations.Hosting.DaemonAttachment.Install();
        if (args.Length > 0)
        {
            var rest = args[1..];
            switch (args[0])
            {
                case "run":
                    return RunCommand.Run(rest);
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
                    Console.Out.Write(Usage);
                    return 0;
                case "version" or "--version" or "-v":
                    Console.Out.WriteLine($"vigil {VersionInfo.Version}");
                    return 0;
            }
        }
        // keepalived's flags: `-t`/`--config-test` is check, everything else is run.
        if (Array.Exists(args, a => a is "-t" or "--config-test" || a.StartsWith("--config-test=", StringComparison.Ordinal)))
            return CheckCommand.Run(args);
        return RunCommand.Run(args);
    }

    public const string Usage = """
        usage: vigil COMMAND [options]

          run [options]        run the daemon in the foreground (also: vigil [keepalived flags])
          check [-f FILE]      parse and validate a keepalived.conf; -t/--config-test is an alias
          status [--json]      ask the running daemon for its state; --explain NAME
          reload | stop        the same as SIGHUP / SIGTERM, through the control socket
          lab                  a small cluster failing over live
          version              print the version

        """;
}
