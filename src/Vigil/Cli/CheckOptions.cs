namespace Vigil.Cli;

/// <summary>Options of `vigil check` (and of keepalived's `-t`, whose other run flags are accepted and
/// ignored).</summary>
public sealed record CheckOptions
{
    public string File { get; init; } = "/etc/keepalived/keepalived.conf";
    public string? ConfigId { get; init; }
    public bool Json { get; init; }
    public bool Strict { get; init; }
    public bool Offline { get; init; }
    public bool Help { get; init; }
    /// <summary>-s/--namespace: replaces the file's net_namespace, as for <c>vigil run</c>.</summary>
    public string? NetNamespace { get; init; }

    // keepalived run flags that may accompany -t: accepted, no meaning for a check.
    private static readonly HashSet<string> IgnoredFlags = new(StringComparer.Ordinal)
    {
        "-t", "--config-test", "-n", "--dont-fork", "-l", "--log-console", "-D", "--log-detail", "-P", "--vrrp",
        "-C", "--check", "-B", "--no_bfd", "--all", "-d", "--dump-conf", "-e", "--all-config", "-X", "--release-vips",
        "-V", "--dont-release-vrrp", "-R", "--dont-respawn", "-G", "--no-syslog", "-m", "--core-dump", "-M",
    };

    private static readonly HashSet<string> IgnoredWithValue = new(StringComparer.Ordinal)
    {
        "-p", "--pid", "-r", "--vrrp_pid", "-S", "--log-facility", "-g", "--log-file", "-u", "--umask",
        "--control", "--metrics",
    };

    /// <summary>Parses the arguments; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static CheckOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var o = new CheckOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? Value()
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                    return a[(eq + 1)..];
                if (i + 1 < args.Count)
                    return args[++i];
                return null;
            }
            var name = a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)
                ? a[..a.IndexOf('=', StringComparison.Ordinal)]
                : a;
            switch (name)
            {
                case "-f" or "--use-file":
                    var f = Value();
                    if (f is null)
                    {
                        error = $"{a} needs a file name";
                        return null;
                    }
                    o = o with { File = f };
                    break;
                case "-i" or "--config-id":
                    var id = Value();
                    if (id is null)
                    {
                        error = $"{a} needs an id";
                        return null;
                    }
                    o = o with { ConfigId = id };
                    break;
                case "-s" or "--namespace":
                    var ns = Value();
                    if (ns is null || !Vigil.Config.NetNamespaceName.IsValid(ns))
                    {
                        error = $"{a} needs a namespace name";
                        return null;
                    }
                    o = o with { NetNamespace = ns };
                    break;
                case "--json":
                    o = o with { Json = true };
                    break;
                case "--strict":
                    o = o with { Strict = true };
                    break;
                case "--offline":
                    o = o with { Offline = true };
                    break;
                case "-h" or "--help":
                    o = o with { Help = true };
                    break;
                default:
                    if (IgnoredFlags.Contains(name) || name.StartsWith("--debug", StringComparison.Ordinal))
                        break;
                    if (IgnoredWithValue.Contains(name))
                    {
                        if (!a.Contains('=', StringComparison.Ordinal))
                            i++;
                        break;
                    }
                    error = $"unknown option '{a}'";
                    return null;
            }
        }
        return o;
    }

    public const string Usage = """
        usage: vigil check [-f FILE] [-i ID] [--json] [--strict] [--offline]
                   (also: vigil -t -f FILE, keepalived's --config-test)

          -f, --use-file FILE   configuration (default /etc/keepalived/keepalived.conf)
          -i, --config-id ID    selects @ID lines (default: first label of the host name)
          -s, --namespace NAME  as net_namespace NAME: interfaces are looked up in /run/netns/NAME
          --json                diagnostics and the resolved model as JSON on stdout
          --strict              warnings count as errors
          --offline             skip host checks (interfaces, script files, users)

        exit: 0 runs as written, 4 cannot run, 5 errors worked around, 6 only script-security errors

        """;
}
