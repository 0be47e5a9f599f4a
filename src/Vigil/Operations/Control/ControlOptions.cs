namespace Vigil.Operations.Control;

/// <summary>The options shared by status, reload and stop: <c>--control PATH</c> (or <c>--control=PATH</c>), plus
/// whatever flags a command allows. Without --control the socket is the daemon's default for the namespace that
/// <c>-s NAME</c> gives or the configuration names (<c>-f FILE</c>, default /etc/keepalived/keepalived.conf, with
/// <c>-i ID</c>), as <c>vigil run</c> with the same options places it.</summary>
public sealed class ControlOptions
{
    public string ControlPath { get; private set; } = ControlServer.DefaultPath;

    /// <summary>Why the socket is where it is, when a namespace placed it: "-s NAME" or the file's
    /// net_namespace.</summary>
    public string? NamespaceSource { get; private set; }

    /// <summary>Appended to "no daemon" messages: " (the socket of -s blue)", or nothing.</summary>
    public string Where => NamespaceSource is null ? string.Empty : $" (the socket of {NamespaceSource})";

    private static readonly string[] PlacementOptions = ["-f", "--use-file", "-i", "--config-id", "-s", "--namespace"];

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>. <paramref name="flags"/> take no value, <paramref name="valued"/>
    /// take one. Returns an error message, or null when the line is fine.</summary>
    public static ControlOptions? Parse(
        string[] args,
        IReadOnlyCollection<string> flags,
        IReadOnlyCollection<string> valued,
        out string? error) => Parse(args, flags, valued, Vigil.Daemon.RunCommandLoader.NetNamespace, out error);

    /// <param name="namespaceOfFile">The net_namespace a configuration file names (file, config id), or null.</param>
    public static ControlOptions? Parse(
        string[] args,
        IReadOnlyCollection<string> flags,
        IReadOnlyCollection<string> valued,
        Func<string, string?, string?> namespaceOfFile,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(namespaceOfFile);
        var options = new ControlOptions();
        error = null;
        bool controlGiven = false;
        string? file = null, configId = null, netNamespace = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = eq > 0 ? arg[..eq] : arg;
            string? inline = eq > 0 ? arg[(eq + 1)..] : null;
            if (name == "--control" || valued.Contains(name) || Array.IndexOf(PlacementOptions, name) >= 0)
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (string.IsNullOrEmpty(value))
                {
                    error = $"{name} needs a value";
                    return null;
                }
                if (name == "--control")
                {
                    options.ControlPath = value;
                    controlGiven = true;
                }
                else if (name is "-f" or "--use-file")
                {
                    file = value;
                }
                else if (name is "-i" or "--config-id")
                {
                    configId = value;
                }
                else if (name is "-s" or "--namespace")
                {
                    if (!Vigil.Config.NetNamespaceName.IsValid(value))
                    {
                        error = $"{name} {value}: not a namespace name";
                        return null;
                    }
                    netNamespace = value;
                }
                else
                {
                    options.Values[name] = value;
                }
            }
            else if (inline is null && flags.Contains(name))
            {
                options.Flags.Add(name);
            }
            else
            {
                error = $"unknown option '{arg}'";
                return null;
            }
        }
        if (!controlGiven)
        {
            if (netNamespace is not null)
            {
                options.NamespaceSource = $"-s {netNamespace}";
            }
            else if (namespaceOfFile(file ?? Vigil.Daemon.DaemonOptions.DefaultConfigFile, configId) is { } named)
            {
                netNamespace = named;
                options.NamespaceSource = $"net_namespace {named} " +
                    $"in {file ?? Vigil.Daemon.DaemonOptions.DefaultConfigFile}";
            }
            options.ControlPath = Vigil.Daemon.RunFiles.ControlSocket(netNamespace);
        }
        return options;
    }
}
