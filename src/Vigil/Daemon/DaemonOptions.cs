namespace Vigil.Daemon;

/// <summary>The options of <c>vigil run</c> (docs/cli.md), keepalived's spellings included.</summary>
public sealed record DaemonOptions
{
    /// <summary>keepalived's default configuration path, used when no -f is given.</summary>
    public const string DefaultConfigFile = "/etc/keepalived/keepalived.conf";

    public string ConfigFile { get; init; } = DefaultConfigFile;
    public string? ConfigId { get; init; }
    public string PidFile { get; init; } = RunFiles.PidFile(null);
    /// <summary>Passed on to the control socket server (operations).</summary>
    public string ControlSocket { get; init; } = RunFiles.ControlSocket(null);
    /// <summary>-p and --control were given: a net_namespace does not move them.</summary>
    public bool PidFileGiven { get; init; }
    public bool ControlSocketGiven { get; init; }
    /// <summary>-s/--namespace: replaces the configuration's net_namespace, as keepalived's option does.</summary>
    public string? NetNamespace { get; init; }
    /// <summary>Passed on to the metrics server (operations); null when off.</summary>
    public string? Metrics { get; init; }
    public bool LogConsole { get; init; }
    public bool LogDetail { get; init; }
    public bool ReleaseVips { get; init; }
    /// <summary>-V: leave the VIPs in place at shutdown.</summary>
    public bool DontReleaseVrrp { get; init; }

    /// <summary>The run files of a daemon in <paramref name="netNamespace"/>: the defaults move to
    /// /run/vigil/NAME/ (keepalived's move to /run/keepalived/NAME/); paths given on the command line stay.</summary>
    public DaemonOptions InNamespace(string? netNamespace) => this with
    {
        PidFile = PidFileGiven ? PidFile : RunFiles.PidFile(netNamespace),
        ControlSocket = ControlSocketGiven ? ControlSocket : RunFiles.ControlSocket(netNamespace),
    };

    /// <summary>Parses the options; returns null and an error message for an unknown or incomplete option.</summary>
    public static (DaemonOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new DaemonOptions();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? inline = null;
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains('='))
            {
                inline = a[(a.IndexOf('=') + 1)..];
                a = a[..a.IndexOf('=')];
            }
            string? Value()
            {
                if (inline is not null)
                    return inline;
                return i + 1 < args.Count ? args[++i] : null;
            }
            switch (a)
            {
                case "-f" or "--use-file":
                    if (Value() is not { } f) return (null, $"{a} needs a file");
                    o = o with { ConfigFile = f };
                    break;
                case "-i" or "--config-id":
                    if (Value() is not { } id) return (null, $"{a} needs an id");
                    o = o with { ConfigId = id };
                    break;
                case "-p" or "--pid":
                    if (Value() is not { } p) return (null, $"{a} needs a file");
                    o = o with { PidFile = p, PidFileGiven = true };
                    break;
                case "--control":
                    if (Value() is not { } c) return (null, $"{a} needs a path");
                    o = o with { ControlSocket = c, ControlSocketGiven = true };
                    break;
                case "-s" or "--namespace":
                    if (Value() is not { } ns) return (null, $"{a} needs a namespace name");
                    if (!Vigil.Config.NetNamespaceName.IsValid(ns)) return (null, $"{a} {ns}: not a namespace name");
                    o = o with { NetNamespace = ns };
                    break;
                case "--metrics":
                    if (Value() is not { } m) return (null, $"{a} needs ADDR:PORT");
                    o = o with { Metrics = m };
                    break;
                case "-l" or "--log-console":
                    o = o with { LogConsole = true };
                    break;
                case "-D" or "--log-detail":
                    o = o with { LogDetail = true };
                    break;
                case "-X" or "--release-vips":
                    o = o with { ReleaseVips = true };
                    break;
                case "-V" or "--dont-release-vrrp":
                    o = o with { DontReleaseVrrp = true };
                    break;
                case "-n" or "--dont-fork" or "-P" or "--vrrp" or "-d" or "--dump-conf" or "-R" or "--dont-respawn"
                    or "-S" or "--log-facility" or "-g" or "--log-file" or "-r" or "--vrrp_pid"
                    or "-c" or "--checkers_pid" or "-b" or "--bfd_pid" or "-G" or "--no-syslog":
                    // Accepted for drop-in compatibility: Vigil never forks, only does VRRP, and logs to stderr.
                    if (a is "-S" or "--log-facility" or "-g" or "--log-file" or "-r" or "--vrrp_pid" or "-c"
                        or "--checkers_pid" or "-b" or "--bfd_pid" && inline is null)
                    {
                        i++;
                    }

                    break;
                default:
                    return (null, $"unknown option {args[i]}");
            }
        }
        return (o, null);
    }
}
