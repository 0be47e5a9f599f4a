namespace Vigil.Config.Model;

/// <summary>The resolved configuration: what Vigil understood from keepalived.conf and its includes.</summary>
public sealed record VigilConfig
{
    public GlobalDefs Global { get; init; } = new();
    public IReadOnlyList<VrrpInstanceConfig> Instances { get; init; } = [];
    public IReadOnlyList<VrrpScriptConfig> Scripts { get; init; } = [];
    public IReadOnlyList<SyncGroupConfig> SyncGroups { get; init; } = [];
    public IReadOnlyList<TrackFileConfig> TrackFiles { get; init; } = [];
    public IReadOnlyList<TrackProcessConfig> TrackProcesses { get; init; } = [];
    public IReadOnlyList<GarpGroupConfig> GarpGroups { get; init; } = [];
    public IReadOnlyList<IgnoredSection> IgnoredSections { get; init; } = [];

    /// <summary>`static_ipaddress`, `static_routes`, `static_rules`: installed at start whatever the state of any
    /// instance, removed at stop.</summary>
    public IReadOnlyList<VirtualIpAddress> StaticAddresses { get; init; } = [];
    public IReadOnlyList<RouteConfig> StaticRoutes { get; init; } = [];
    public IReadOnlyList<RuleConfig> StaticRules { get; init; } = [];

    /// <summary>Top-level <c>track_group NAME { group { VI_1 ... } }</c>: the instances that track the interface of
    /// each static address, route or rule naming the group.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TrackGroups { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Notify commands of sync groups removed for having no member: keepalived never runs them but still
    /// counts them for script security, so the verdict does too.</summary>
    public IReadOnlyList<ScriptCommand> RemovedGroupNotifies { get; init; } = [];

    /// <summary>Every file read, the main file first.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The host name the file was read for: `router_id`'s default, and the mail alerts' host.</summary>
    public string HostName { get; init; } = "localhost";

    /// <summary>The config-id that selected `@ID` lines.</summary>
    public string? ConfigId { get; init; }
}
