namespace Vigil.Config.Model;

/// <summary>`vrrp_sync_group NAME { group { VI ... } ... }` (also the legacy form with members listed
/// directly).</summary>
public sealed record SyncGroupConfig
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackScripts { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackInterfaces { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackFiles { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackProcesses { get; init; } = [];
    public ScriptCommand? NotifyMaster { get; init; }
    public ScriptCommand? NotifyBackup { get; init; }
    public ScriptCommand? NotifyFault { get; init; }
    public ScriptCommand? NotifyStop { get; init; }
    public ScriptCommand? Notify { get; init; }
    public bool SyncGroupTrackingWeight { get; init; }
    public bool NotifyPriorityChanges { get; init; }
    /// <summary>`smtp_alert [BOOL]`; null means the global `smtp_alert_vrrp`, else `smtp_alert`, else off.</summary>
    public bool? SmtpAlert { get; init; }
    public IReadOnlyList<KeywordUse> OtherKeywords { get; init; } = [];
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
