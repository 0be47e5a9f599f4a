using System.Net;

namespace Vigil.Config.Model;

/// <summary>The VRRP-relevant part of `global_defs`, with keepalived's defaults. Times in milliseconds.</summary>
public sealed record GlobalDefs
{
    /// <summary>`router_id`; null means the host name (used in e-mails and SNMP only).</summary>
    public string? RouterId { get; init; }

    /// <summary>`vrrp_version`: the default VRRP version of IPv4 instances (IPv6 is always 3).</summary>
    public int VrrpVersion { get; init; } = 2;

    public int GarpMasterDelayMs { get; init; } = 5000;
    public int GarpMasterRepeat { get; init; } = 5;
    public int GarpMasterRefreshMs { get; init; }
    public int GarpMasterRefreshRepeat { get; init; } = 1;

    /// <summary>`vrrp_garp_lower_prio_delay`; null means "the master value" (keepalived's default).</summary>
    public int? GarpLowerPrioDelayMs { get; init; }

    /// <summary>`vrrp_garp_lower_prio_repeat`; null means "the master value".</summary>
    public int? GarpLowerPrioRepeat { get; init; }

    /// <summary>`vrrp_garp_interval`: gap between GARPs on one interface (0 = none).</summary>
    public int GarpIntervalMs { get; init; }

    /// <summary>`vrrp_gna_interval`: gap between unsolicited NAs on one interface (0 = none).</summary>
    public int GnaIntervalMs { get; init; }

    public bool MinGarp { get; init; }

    /// <summary>`vrrp_garp_extra_if [all] S`: the default of the instances' `garp_extra_if` (0 = off).</summary>
    public int GarpExtraIfSeconds { get; init; }
    public bool GarpExtraIfAll { get; init; }

    /// <summary>`script_user USER [[:]GROUP]`; null means keepalived_script if it exists, else root.</summary>
    public string? ScriptUser { get; init; }
    public string? ScriptGroup { get; init; }

    /// <summary>Who runs a script that names no user while <see cref="ScriptUser"/> is unset: `keepalived_script`
    /// when that user exists on the host (learned by the host checks), else null, meaning root. Kept apart from
    /// <see cref="ScriptUser"/>, which stays what the file says.</summary>
    public string? DefaultScriptUser { get; init; }

    public bool EnableScriptSecurity { get; init; }

    /// <summary>`notify_fifo` (all subsystems) and `vrrp_notify_fifo` (VRRP only).</summary>
    public NotifyFifoConfig? NotifyFifo { get; init; }
    public NotifyFifoConfig? VrrpNotifyFifo { get; init; }

    /// <summary>`vrrp_notify_priority_changes`.</summary>
    public bool NotifyPriorityChanges { get; init; }
    public bool FifoWriteVrrpStatesOnReload { get; init; }

    public IPAddress McastGroup4 { get; init; } = IPAddress.Parse("224.0.0.18");
    public IPAddress McastGroup6 { get; init; } = IPAddress.Parse("ff02::12");

    public bool V3ChecksumAsV2 { get; init; }

    /// <summary>`vrrp_lower_prio_no_advert`; null means the default (off, on under strict).</summary>
    public bool? LowerPrioNoAdvert { get; init; }

    /// <summary>`vrrp_higher_prio_send_advert`; null means the default (off).</summary>
    public bool? HigherPrioSendAdvert { get; init; }

    /// <summary>`vrrp_down_timer_adverts`: the master-down multiplier (1..100).</summary>
    public int DownTimerAdverts { get; init; } = 3;

    public int StartupDelayMs { get; init; }

    /// <summary>`vrrp_delay_after_boot`: delay only while the system uptime is below this value.</summary>
    public int DelayAfterBootMs { get; init; }

    public string StateDumpFile { get; init; } = "/tmp/keepalived.data";
    public string StatsDumpFile { get; init; } = "/tmp/keepalived.stats";
    public string JsonDumpFile { get; init; } = "/tmp/keepalived.json";

    /// <summary>`json_version` (keepalived 2.3+): 1 writes the JSON dump as an array, 2 as <c>{"vrrp":
    /// [...]}</c>.</summary>
    public int JsonVersion { get; init; } = 1;

    /// <summary>Top-level `net_namespace NAME`: the network namespace (/run/netns/NAME) the daemon moves into at
    /// start (docs/namespaces.md); null means the one it was started in. Fixed for the daemon's life.</summary>
    public string? NetNamespace { get; init; }

    /// <summary>`vrrp_strict`.</summary>
    public bool Strict { get; init; }

    /// <summary>`nftables [TABLE]`: the nftables table (one per family) that holds no_accept's drop sets. keepalived
    /// 2.2.7 (built without iptables, as Debian's) uses nftables with this default when no_accept needs a firewall
    /// and no `nftables` keyword is given, so the default is the same.</summary>
    public string NftTable { get; init; } = "keepalived";

    /// <summary>`nftables_priority`: the priority of the table's input and output hooks (keepalived's default
    /// -1).</summary>
    public int NftPriority { get; init; } = -1;

    /// <summary>`nftables_counters`: a counter on each drop rule.</summary>
    public bool NftCounters { get; init; }

    /// <summary>`nftables_ifindex`: keepalived keys its IPv6 link-local sets by ifindex. Accepted; Vigil keeps no
    /// link-local set (see docs/firewall.md), so it changes nothing.</summary>
    public bool NftIfindex { get; init; }

    /// <summary>`vrrp_check_unicast_src`.</summary>
    public bool CheckUnicastSrc { get; init; }

    public bool SkipCheckAdvAddr { get; init; }
    public bool OwnerIgnoreAdverts { get; init; }
    public bool DynamicInterfaces { get; init; }
    public bool UseSymlinkPaths { get; init; }
    public bool SetSupplementaryGroups { get; init; }
    public string DefaultInterface { get; init; } = "eth0";

    public ScriptCommand? StartupScript { get; init; }
    public ScriptCommand? ShutdownScript { get; init; }

    /// <summary>Vigil's own `vrrp_fast_handover` (default true); false keeps keepalived's exact timing.</summary>
    public bool VrrpFastHandover { get; init; } = true;

    /// <summary>`notification_email { ... }`: the alert recipients, as written (a display name comes quoted:
    /// <c>"Ops &lt;ops@example.org&gt;"</c>). Empty means no mail alerts.</summary>
    public IReadOnlyList<string> NotificationEmails { get; init; } = [];

    /// <summary>`notification_email_from`; null means the running user at the host name (keepalived 2.2.7).</summary>
    public string? NotificationEmailFrom { get; init; }

    /// <summary>`smtp_server HOST [PORT]`: an address or a host name (resolved when a mail is sent); null means
    /// no mail alerts.</summary>
    public string? SmtpServer { get; init; }
    public int SmtpPort { get; init; } = 25;

    /// <summary>`smtp_helo_name`; null means the host name.</summary>
    public string? SmtpHeloName { get; init; }

    /// <summary>`smtp_connect_timeout` in seconds (keepalived's default 30).</summary>
    public int SmtpConnectTimeoutSeconds { get; init; } = 30;

    /// <summary>`smtp_alert` and `smtp_alert_vrrp`: defaults for instances and sync groups that do not set their
    /// own `smtp_alert` (`smtp_alert_vrrp` wins over `smtp_alert`); null means not set.</summary>
    public bool? SmtpAlert { get; init; }
    public bool? SmtpAlertVrrp { get; init; }

    /// <summary>`no_email_faults`: no mail for a FAULT transition.</summary>
    public bool NoEmailFaults { get; init; }

    /// <summary>Other global keywords, kept as written (SMTP, SNMP, LVS, scheduling ...).</summary>
    public IReadOnlyList<KeywordUse> OtherKeywords { get; init; } = [];

    public SourceLocation Location { get; init; } = SourceLocation.None;
}
