using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>State shared by the section parsers while walking the file in order.</summary>
internal sealed class ParseContext(DiagnosticBag diag, ConfigOptions options)
{
    public DiagnosticBag Diag { get; } = diag;
    public ConfigOptions Options { get; } = options;

    /// <summary>Scripts declared so far: keepalived resolves `track_script` at parse time, in file order.</summary>
    public Dictionary<string, VrrpScriptConfig> Scripts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TrackFileConfig> TrackFiles { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, TrackProcessConfig> TrackProcesses { get; } = new(StringComparer.Ordinal);
    public HashSet<string> BfdInstances { get; } = new(StringComparer.Ordinal);

    /// <summary>Static track groups declared so far: keepalived finds a static entry's <c>track_group</c> at parse
    /// time, so a group must come before its users.</summary>
    public Dictionary<string, IReadOnlyList<string>> TrackGroups { get; } = new(StringComparer.Ordinal);

    public bool LvsSyncDaemonSeen { get; set; }

    /// <summary>Reads the routing table names (set by the loader over its <see cref="IConfigSource"/>); called at
    /// most once, and only when a route or rule names a table by a name that is not a number, as keepalived reads
    /// rt_tables only then.</summary>
    public Func<RouteTableNames>? ReadRouteTables { get; init; }

    private RouteTableNames? _routeTables;

    public RouteTableNames RouteTables => _routeTables ??= ReadRouteTables?.Invoke() ?? RouteTableNames.BuiltIn;

    /// <summary>Reads the IP protocol names (set by the loader over its <see cref="IConfigSource"/>); called at most
    /// once, when a rule's <c>ipproto</c> is a name.</summary>
    public Func<IpProtocolNames>? ReadIpProtocols { get; init; }

    private IpProtocolNames? _ipProtocols;

    public IpProtocolNames IpProtocols => _ipProtocols ??= ReadIpProtocols?.Invoke() ?? IpProtocolNames.BuiltIn;

    private readonly HashSet<string> _unsupportedReported = new(StringComparer.Ordinal);

    /// <summary>A rare keyword Vigil keeps but does not act on yet: reported once per keyword.</summary>
    public KeywordUse Unsupported(Statement st, string section)
    {
        if (_unsupportedReported.Add(section + "/" + st.Keyword))
        {
            Diag.Warning(
                st.Location,
                "unsupported",
                $"'{st.Keyword}' in {section} is not supported by Vigil yet; kept in the model, no effect");
        }

        return new KeywordUse(st.Keyword, st.Args, st.Location);
    }
}
