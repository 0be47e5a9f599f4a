using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Config.Model;

/// <summary>`vrrp_instance NAME { ... }` with keepalived's defaults and derivations applied
/// (priority from state, state from priority, version 3 for IPv6, advert_int rounding, global defaults).
/// Times are in milliseconds.</summary>
public sealed partial record VrrpInstanceConfig
{
    public required string Name { get; init; }
    public int Vrid { get; init; }

    /// <summary>The interface VRRP runs on; null only for unicast instances without `interface`.</summary>
    public string? Interface { get; init; }

    public IpFamily Family { get; init; } = IpFamily.IPv4;
    public int Version { get; init; } = 2;

    /// <summary>The configured wish (`state`): Master or Backup. Derived from priority when absent.</summary>
    public VrrpState ConfiguredState { get; init; } = VrrpState.Backup;

    /// <summary>True when `state` was written in the file (not derived).</summary>
    public bool StateConfigured { get; init; }

    /// <summary>Base priority 1..255 (255 = address owner).</summary>
    public int Priority { get; init; } = 100;

    public int AdvertIntervalMs { get; init; } = 1000;
    public bool Preempt { get; init; } = true;
    public int PreemptDelayMs { get; init; }
    public AuthType AuthType { get; init; } = AuthType.None;

    /// <summary>The password, already truncated to 8 bytes as sent on the wire.</summary>
    public string? AuthPass { get; init; }

    /// <summary>keepalived 2.4's `auth_hmac` block, or null.</summary>
    public AuthHmacConfig? AuthHmac
    {
        get => _rare.AuthHmac;
        init => _rare = (_rare with { AuthHmac = value }).Shared();
    }

    public IReadOnlyList<VirtualIpAddress> VirtualIpAddresses { get; init; } = [];
    public IReadOnlyList<VirtualIpAddress> VirtualIpAddressesExcluded
    {
        get => _rare.VirtualIpAddressesExcluded;
        init => _rare = (_rare with { VirtualIpAddressesExcluded = value }).Shared();
    }

    /// <summary>`unicast_src_ip`; null means the interface's primary address.</summary>
    public IPAddress? UnicastSrcIp { get; init; }

    /// <summary>`mcast_src_ip`; null means the interface's primary address.</summary>
    public IPAddress? McastSrcIp
    {
        get => _rare.McastSrcIp;
        init => _rare = (_rare with { McastSrcIp = value }).Shared();
    }

    /// <summary>Multicast destination: `mcast_dst_ip`, else the global group of the family.</summary>
    public IPAddress McastDstIp { get; init; } = IPAddress.Parse("224.0.0.18");

    public IReadOnlyList<UnicastPeerConfig> UnicastPeers { get; init; } = [];

    /// <summary>`unicast_ttl`; null means 255 for IPv4 and the kernel default for IPv6.</summary>
    public int? UnicastTtl
    {
        get => _rare.UnicastTtl;
        init => _rare = (_rare with { UnicastTtl = value }).Shared();
    }

    public bool IsUnicast => UnicastPeers.Count > 0;

    public IReadOnlyList<TrackerRef> TrackScripts { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackInterfaces { get; init; } = [];
    public IReadOnlyList<TrackerRef> TrackFiles
    {
        get => _rare.TrackFiles;
        init => _rare = (_rare with { TrackFiles = value }).Shared();
    }
    public IReadOnlyList<TrackerRef> TrackProcesses
    {
        get => _rare.TrackProcesses;
        init => _rare = (_rare with { TrackProcesses = value }).Shared();
    }
    public IReadOnlyList<TrackerRef> TrackBfds
    {
        get => _rare.TrackBfds;
        init => _rare = (_rare with { TrackBfds = value }).Shared();
    }
    public bool DontTrackPrimary { get; init; }
    public bool TrackSrcIp { get; init; }

    public int GarpMasterDelayMs { get; init; } = 5000;
    public int GarpMasterRepeat { get; init; } = 5;
    public int GarpMasterRefreshMs { get; init; }
    public int GarpMasterRefreshRepeat { get; init; } = 1;
    public int GarpLowerPrioDelayMs { get; init; } = 5000;
    public int GarpLowerPrioRepeat { get; init; } = 5;

    /// <summary>`garp_extra_if [all] S`: while MASTER, one GARP/NA every S seconds on each interface of a VIP other
    /// than the instance's own (only VMAC ones unless <see cref="GarpExtraIfAll"/>); null means the global
    /// default.</summary>
    public int? GarpExtraIfSeconds
    {
        get => _rare.GarpExtraIfSeconds;
        init => _rare = (_rare with { GarpExtraIfSeconds = value }).Shared();
    }
    public bool GarpExtraIfAll
    {
        get => _rare.GarpExtraIfAll;
        init => _rare = (_rare with { GarpExtraIfAll = value }).Shared();
    }

    public bool LowerPrioNoAdvert { get; init; }
    public bool HigherPrioSendAdvert { get; init; }
    public bool V3ChecksumAsV2 { get; init; }
    public bool CheckUnicastSrc { get; init; }
    public bool UnicastFaultNoPeer { get; init; }
    public int DownTimerAdverts { get; init; } = 3;

    /// <summary>Accept mode (RFC 5798): true unless `no_accept`, or strict mode for a non-owner.</summary>
    public bool Accept { get; init; } = true;

    public bool Strict { get; init; }
    public bool SkipCheckAdvAddr { get; init; }
    public bool OwnerIgnoreAdverts { get; init; }
    public bool PromoteSecondaries { get; init; }
    public bool NotifyPriorityChanges { get; init; }
    /// <summary>`smtp_alert [BOOL]`; null means the global `smtp_alert_vrrp`, else `smtp_alert`, else off.</summary>
    public bool? SmtpAlert
    {
        get => _rare.SmtpAlert;
        init => _rare = (_rare with { SmtpAlert = value }).Shared();
    }

    public ScriptCommand? NotifyMaster { get; init; }
    public ScriptCommand? NotifyBackup { get; init; }
    public ScriptCommand? NotifyFault { get; init; }
    public ScriptCommand? NotifyStop
    {
        get => _rare.NotifyStop;
        init => _rare = (_rare with { NotifyStop = value }).Shared();
    }
    public ScriptCommand? Notify { get; init; }
    public ScriptCommand? NotifyMasterRxLowerPri
    {
        get => _rare.NotifyMasterRxLowerPri;
        init => _rare = (_rare with { NotifyMasterRxLowerPri = value }).Shared();
    }
    public ScriptCommand? NotifyDeleted
    {
        get => _rare.NotifyDeleted;
        init => _rare = (_rare with { NotifyDeleted = value }).Shared();
    }

    /// <summary>`notify_deleted` (with or without a script): an instance removed by a reload is reported as DELETED
    /// to the notify scripts instead of keepalived's default FAULT.</summary>
    public bool SendDeleted
    {
        get => _rare.SendDeleted;
        init => _rare = (_rare with { SendDeleted = value }).Shared();
    }

    /// <summary>`timer_expired_backup [PRIORITY]` (keepalived 2.3+): the highest priority of the other routers
    /// (254 when not given); kept only with nopreempt, as keepalived does. Parsed and reported, not acted on.</summary>
    public int? TimerExpiredBackup
    {
        get => _rare.TimerExpiredBackup;
        init => _rare = (_rare with { TimerExpiredBackup = value }).Shared();
    }

    /// <summary>The sync group this instance belongs to, if any.</summary>
    public string? SyncGroup { get; init; }

    /// <summary>`use_vmac [NAME]` when present: empty for the default name (see <see cref="VmacName"/>).</summary>
    public string? UseVmac
    {
        get => _rare.UseVmac;
        init => _rare = (_rare with { UseVmac = value }).Shared();
    }

    /// <summary>The MAC given after `use_vmac` (5 octets: the VRID is the sixth), lower-case hex; null for the RFC 5798
    /// MAC.</summary>
    public string? VmacMac
    {
        get => _rare.VmacMac;
        init => _rare = (_rare with { VmacMac = value }).Shared();
    }

    /// <summary>`vmac_xmit_base`: with use_vmac, adverts are sent and received on the base interface.</summary>
    public bool VmacXmitBase
    {
        get => _rare.VmacXmitBase;
        init => _rare = (_rare with { VmacXmitBase = value }).Shared();
    }

    /// <summary>The VMAC (macvlan) interface's name with use_vmac (keepalived's default `vrrp.VRID`), else
    /// null.</summary>
    public string? VmacName => UseVmac is null ? null : UseVmac.Length > 0 ? UseVmac : $"vrrp.{Vrid}";

    /// <summary>`virtual_routes` / `virtual_rules` lines, kept as written.</summary>
    public IReadOnlyList<string> VirtualRoutes
    {
        get => _rare.VirtualRoutes;
        init => _rare = (_rare with { VirtualRoutes = value }).Shared();
    }
    public IReadOnlyList<string> VirtualRules
    {
        get => _rare.VirtualRules;
        init => _rare = (_rare with { VirtualRules = value }).Shared();
    }

    /// <summary>`virtual_routes` / `virtual_rules` parsed: installed while MASTER, removed on leaving MASTER.</summary>
    public IReadOnlyList<RouteConfig> Routes
    {
        get => _rare.Routes;
        init => _rare = (_rare with { Routes = value }).Shared();
    }
    public IReadOnlyList<RuleConfig> Rules
    {
        get => _rare.Rules;
        init => _rare = (_rare with { Rules = value }).Shared();
    }

    /// <summary>Keywords parsed and kept but not acted on by Vigil yet.</summary>
    public IReadOnlyList<KeywordUse> OtherKeywords
    {
        get => _rare.OtherKeywords;
        init => _rare = (_rare with { OtherKeywords = value }).Shared();
    }

    public SourceLocation Location { get; init; } = SourceLocation.None;

    public bool IsAddressOwner => Priority == 255;
}
