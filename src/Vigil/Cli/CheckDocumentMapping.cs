using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Operations.Status;

namespace Vigil.Cli;

/// <summary>From a check's result to <see cref="CheckDocument"/>: addresses become strings, enums their documented
/// spellings, every duration keeps its unit in its key.</summary>
public static class CheckDocumentMapping
{
    public static CheckDocument Map(ConfigResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CheckDocument(
            [.. result.Diagnostics.Select(d => new DiagnosticView(
                d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                d.File,
                d.Line,
                d.Column,
                d.Code,
                d.Message))],
            result.ExitCode,
            result.Model is { } model ? Model(model) : null);
    }

    private static ModelView Model(VigilConfig m) => new()
    {
        ConfigId = m.ConfigId,
        Files = m.Files,
        Global = Global(m.Global),
        Instances = [.. m.Instances.Select(Instance)],
        Scripts = [.. m.Scripts.Select(s => new ConfiguredScript
        {
            Name = s.Name,
            Command = s.Command,
            IntervalMs = s.IntervalMs,
            TimeoutMs = s.TimeoutMs,
            Weight = s.Weight,
            Reverse = s.Reverse,
            Rise = s.Rise,
            Fall = s.Fall,
            User = s.User,
            Group = s.Group,
            InitFail = s.InitFail,
            Tracked = s.Tracked,
            File = s.Location.File,
            Line = s.Location.Line,
        })],
        SyncGroups = [.. m.SyncGroups.Select(g => new SyncGroupView
        {
            Name = g.Name,
            Members = g.Members,
            TrackScripts = Trackers(g.TrackScripts),
            TrackInterfaces = Trackers(g.TrackInterfaces),
            NotifyMaster = Command(g.NotifyMaster),
            NotifyBackup = Command(g.NotifyBackup),
            NotifyFault = Command(g.NotifyFault),
            NotifyStop = Command(g.NotifyStop),
            Notify = Command(g.Notify),
            SyncGroupTrackingWeight = g.SyncGroupTrackingWeight,
            File = g.Location.File,
            Line = g.Location.Line,
        })],
        TrackFiles = [.. m.TrackFiles.Select(f => new TrackFileView(f.Name, f.Path, f.Weight, f.Reverse, f.Tracked))],
        TrackProcesses = [.. m.TrackProcesses.Select(p =>
            new TrackProcessView(
                p.Name,
                p.Process,
                p.Parameters,
                p.Quorum,
                p.QuorumMax,
                p.Weight,
                p.Reverse,
                p.Tracked))],
        IgnoredSections = [.. m.IgnoredSections.Select(
            s => new IgnoredSectionView(s.Keyword, s.Arguments, s.File, s.Line))],
    };

    private static GlobalView Global(GlobalDefs g) => new()
    {
        RouterId = g.RouterId,
        VrrpVersion = g.VrrpVersion,
        VrrpStrict = g.Strict,
        EnableScriptSecurity = g.EnableScriptSecurity,
        ScriptUser = g.ScriptUser,
        VrrpMcastGroup4 = g.McastGroup4.ToString(),
        VrrpMcastGroup6 = g.McastGroup6.ToString(),
        NotifyFifo = g.NotifyFifo?.Path,
        VrrpNotifyFifo = g.VrrpNotifyFifo?.Path,
        VrrpStartupDelayMs = g.StartupDelayMs,
        VrrpDelayAfterBootMs = g.DelayAfterBootMs,
        VrrpFastHandover = g.VrrpFastHandover,
    };

    private static ConfiguredInstance Instance(VrrpInstanceConfig i) => new()
    {
        Name = i.Name,
        Vrid = i.Vrid,
        Interface = i.Interface,
        Family = StatusNames.Family(i.Family),
        Version = i.Version,
        State = i.ConfiguredState == VrrpState.Master ? "MASTER" : "BACKUP",
        Priority = i.Priority,
        AdvertIntMs = i.AdvertIntervalMs,
        Preempt = i.Preempt,
        PreemptDelayMs = i.PreemptDelayMs,
        AuthType = i.AuthType switch { AuthType.Pass => "PASS", AuthType.Ah => "AH", _ => "none" },
        VirtualIpaddresses = Vips(i.VirtualIpAddresses),
        VirtualIpaddressesExcluded = Vips(i.VirtualIpAddressesExcluded),
        UnicastSrcIp = i.UnicastSrcIp?.ToString(),
        UnicastPeers = [.. i.UnicastPeers.Select(p => p.Address.ToString())],
        McastDstIp = i.McastDstIp.ToString(),
        TrackScripts = Trackers(i.TrackScripts),
        TrackInterfaces = Trackers(i.TrackInterfaces),
        TrackFiles = Trackers(i.TrackFiles),
        TrackProcesses = Trackers(i.TrackProcesses),
        DontTrackPrimary = i.DontTrackPrimary,
        GarpMasterDelayMs = i.GarpMasterDelayMs,
        GarpMasterRepeat = i.GarpMasterRepeat,
        GarpMasterRefreshMs = i.GarpMasterRefreshMs,
        Accept = i.Accept,
        Strict = i.Strict,
        DownTimerAdverts = i.DownTimerAdverts,
        NotifyMaster = Command(i.NotifyMaster),
        NotifyBackup = Command(i.NotifyBackup),
        NotifyFault = Command(i.NotifyFault),
        NotifyStop = Command(i.NotifyStop),
        Notify = Command(i.Notify),
        NotifyMasterRxLowerPri = Command(i.NotifyMasterRxLowerPri),
        SyncGroup = i.SyncGroup,
        File = i.Location.File,
        Line = i.Location.Line,
    };

    // The resolved device, as keepalived's dump shows it; dev_configured is the one written, if any.
    private static IReadOnlyList<VipView> Vips(IReadOnlyList<VirtualIpAddress> vips) =>
        [.. vips.Select(v =>
            new VipView(v.Address.ToString(), v.Prefix, v.Broadcast?.ToString(), v.ResolvedDev ?? v.Dev, v.Dev,
            v.Scope, v.Label))];

    private static IReadOnlyList<TrackerRefView> Trackers(IReadOnlyList<TrackerRef> list) =>
        [.. list.Select(t => new TrackerRefView(t.Name, t.Weight, t.Reverse))];

    private static CommandView? Command(ScriptCommand? c) =>
        c is null ? null : new CommandView(c.Argv, c.User, c.Group);
}
