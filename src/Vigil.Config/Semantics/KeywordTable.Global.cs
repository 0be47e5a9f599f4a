using Vigil.Config.Model;
using Vigil.Config.Syntax;
using S = Vigil.Config.Semantics.KeywordSupport;

namespace Vigil.Config.Semantics;

internal static partial class KeywordTable
{
    private static NotifyFifoConfig? Fifo(Statement st, ParseContext ctx, NotifyFifoConfig? existing)
    {
        if (!Values.Arg(st, 0, ctx, out var path))
            return existing;
        return new NotifyFifoConfig
        {
            Path = path,
            User = st.Args.Count > 1 ? st.Args[1] : null,
            Group = st.Args.Count > 2 ? st.Args[2] : null,
            Script = existing?.Script,
            Location = st.Location,
        };
    }

    private static NotifyFifoConfig WithScript(NotifyFifoConfig? fifo, ScriptCommand? script, Statement st) =>
        (fifo ?? new NotifyFifoConfig { Path = string.Empty, Location = st.Location }) with { Script = script };

    /// <summary>An nftables table name: the name goes into nft's command text, so only an identifier nft takes
    /// as is (a letter, then letters, digits, '_', '-', '.'; under 64 characters) is accepted.</summary>
    private static string? NftTableName(Statement st, ParseContext ctx)
    {
        var name = st.Args[0];
        bool ok = name.Length is > 0 and < 64 && char.IsAsciiLetter(name[0])
            && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.');
        if (!ok)
        {
            ctx.Diag.Ignored(
                st.Location,
                "nftables-name",
                $"nftables table name '{name}' is not a plain identifier; using 'keepalived'");
        }

        return ok ? name : null;
    }

    /// <summary>`[vrrp_]garp_extra_if [all] SECONDS` (0..86400, as keepalived).</summary>
    private static (int Seconds, bool All)? GarpExtraIf(Statement st, ParseContext ctx)
    {
        bool all = st.Args.Count > 0 && st.Args[0] == "all";
        if (st.Args.Count <= (all ? 1 : 0))
        {
            // keepalived: "specified without time - ignoring" (exit 5), not a fatal missing value.
            ctx.Diag.Ignored(st.Location, "missing-value", $"{st.Keyword} specified without time - ignoring");
            return null;
        }
        return Values.Int(st, all ? 1 : 0, 0, 86400, ctx, out var v) ? (v, all) : null;
    }

    // ---------------------------------------------------------------- global_defs
    public static readonly Dictionary<string, KeywordSpec<GlobalBuilder>> Global = Table<GlobalBuilder>(
        K<GlobalBuilder>("router_id", (b, st, ctx) =>
        {
            // keepalived handles this one itself ("routerid name missing - ignoring"): worked around, not fatal.
            if (st.Args.Count == 0)
                ctx.Diag.Ignored(st.Location, "missing-value", "'router_id' needs a name; ignored");
            else
                b.Set(c => c with { RouterId = st.Args[0] });
        }),
        K<GlobalBuilder>("vrrp_version", (b, st, ctx) =>
        {
            if (Num(st, ctx, 2, 3) is { } v)
                b.Set(c => c with { VrrpVersion = v });
        }),
        K<GlobalBuilder>("vrrp_garp_master_delay", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 1000) is { } v)
                b.Set(c => c with { GarpMasterDelayMs = v * 1000 });
        }),
        K<GlobalBuilder>("vrrp_garp_master_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.Set(c => c with { GarpMasterRepeat = v });
        }),
        K<GlobalBuilder>("vrrp_garp_master_refresh", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 100000) is { } v)
                b.Set(c => c with { GarpMasterRefreshMs = v * 1000 });
        }),
        K<GlobalBuilder>("vrrp_garp_master_refresh_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.Set(c => c with { GarpMasterRefreshRepeat = v });
        }),
        K<GlobalBuilder>("vrrp_garp_lower_prio_delay", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 1000) is { } v)
                b.Set(c => c with { GarpLowerPrioDelayMs = v * 1000 });
        }),
        K<GlobalBuilder>("vrrp_garp_lower_prio_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.Set(c => c with { GarpLowerPrioRepeat = v });
        }),
        // keepalived requires a positive interval here (0 is an error: "outside range [0.000001, ...]").
        K<GlobalBuilder>("vrrp_garp_interval", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0.000001m, 4294.967295m) is { } v)
                b.Set(c => c with { GarpIntervalMs = v });
        }),
        K<GlobalBuilder>("vrrp_gna_interval", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0.000001m, 4294.967295m) is { } v)
                b.Set(c => c with { GnaIntervalMs = v });
        }),
        K<GlobalBuilder>("vrrp_min_garp", (b, st, ctx) => b.Set(c => c with { MinGarp = Flag(st, ctx) })),
        K<GlobalBuilder>("script_user", (b, st, ctx) =>
        {
            var (u, g) = UserGroup(st, ctx);
            if (u is not null)
                b.Set(c => c with { ScriptUser = u, ScriptGroup = g });
        }),
        K<GlobalBuilder>("enable_script_security", (b, _, _) => b.Set(c => c with { EnableScriptSecurity = true })),
        K<GlobalBuilder>(
            "notify_fifo",
            (b, st, ctx) => b.Set(c => c with { NotifyFifo = Fifo(st, ctx, c.NotifyFifo) })),
        K<GlobalBuilder>(
            "vrrp_notify_fifo",
            (b, st, ctx) => b.Set(c => c with { VrrpNotifyFifo = Fifo(st, ctx, c.VrrpNotifyFifo) })),
        K<GlobalBuilder>(
            "notify_fifo_script",
            (b, st, ctx) => b.Set(
                c => c with { NotifyFifo = WithScript(c.NotifyFifo, Commands.Parse(st, ctx, true), st) })),
        K<GlobalBuilder>(
            "vrrp_notify_fifo_script",
            (b, st, ctx) => b.Set(
                c => c with { VrrpNotifyFifo = WithScript(c.VrrpNotifyFifo, Commands.Parse(st, ctx, true), st) })),
        K<GlobalBuilder>(
            "vrrp_notify_priority_changes",
            (b, st, ctx) => b.Set(c => c with { NotifyPriorityChanges = Flag(st, ctx) })),
        K<GlobalBuilder>(
            "fifo_write_vrrp_states_on_reload",
            (b, st, ctx) => b.Set(c => c with { FifoWriteVrrpStatesOnReload = Flag(st, ctx) })),
        K<GlobalBuilder>("vrrp_mcast_group4", (b, st, ctx) =>
        {
            if (Values.Ip(st, 0, ctx, out var ip) && Multicast(st, ip, ctx))
                b.Set(c => c with { McastGroup4 = ip });
        }),
        K<GlobalBuilder>("vrrp_mcast_group6", (b, st, ctx) =>
        {
            if (Values.Ip(st, 0, ctx, out var ip) && Multicast(st, ip, ctx))
                b.Set(c => c with { McastGroup6 = ip });
        }),
        K<GlobalBuilder>("v3_checksum_as_v2", (b, st, ctx) => b.Set(c => c with { V3ChecksumAsV2 = Flag(st, ctx) })),
        K<GlobalBuilder>(
            "vrrp_v3_checksum_as_v2",
            (b, st, ctx) => b.Set(c => c with { V3ChecksumAsV2 = Flag(st, ctx) })),
        K<GlobalBuilder>(
            "vrrp_lower_prio_no_advert",
            (b, st, ctx) => b.Set(c => c with { LowerPrioNoAdvert = Flag(st, ctx) })),
        K<GlobalBuilder>(
            "vrrp_higher_prio_send_advert",
            (b, st, ctx) => b.Set(c => c with { HigherPrioSendAdvert = Flag(st, ctx) })),
        K<GlobalBuilder>("vrrp_down_timer_adverts", (b, st, ctx) =>
        {
            if (Num(st, ctx, 1, 100) is { } v)
                b.Set(c => c with { DownTimerAdverts = v });
        }),
        K<GlobalBuilder>("vrrp_startup_delay", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0m, 3600m) is { } v)
                b.Set(c => c with { StartupDelayMs = v });
        }),
        K<GlobalBuilder>("vrrp_delay_after_boot", (b, st, ctx) =>
        {
            // keepalived 2.4.3: 0.001..4294.967295 seconds, "'0' is invalid"; 2.2.7 does not know the keyword.
            if (Ms(st, ctx, 0.001m, 4294.967m) is not { } v)
                return;
            b.Set(c => c with { DelayAfterBootMs = v });
            Newer(st, ctx, "vrrp_delay_after_boot");
        }),
        K<GlobalBuilder>("state_dump_file", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var v))
                b.Set(c => c with { StateDumpFile = v });
        }),
        K<GlobalBuilder>("stats_dump_file", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var v))
                b.Set(c => c with { StatsDumpFile = v });
        }),
        K<GlobalBuilder>("json_dump_file", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var v))
                b.Set(c => c with { JsonDumpFile = v });
        }),
        K<GlobalBuilder>("vrrp_strict", (b, st, ctx) => b.Set(c => c with { Strict = Flag(st, ctx) })),
        K<GlobalBuilder>("vrrp_check_unicast_src", (b, _, _) => b.Set(c => c with { CheckUnicastSrc = true })),
        K<GlobalBuilder>(
            "vrrp_skip_check_adv_addr",
            (b, st, ctx) => b.Set(c => c with { SkipCheckAdvAddr = Flag(st, ctx) })),
        K<GlobalBuilder>(
            "vrrp_owner_ignore_adverts",
            (b, st, ctx) => b.Set(c => c with { OwnerIgnoreAdverts = Flag(st, ctx) })),
        K<GlobalBuilder>("dynamic_interfaces", (b, _, _) => b.Set(c => c with { DynamicInterfaces = true })),
        K<GlobalBuilder>("use_symlink_paths", (b, st, ctx) => b.Set(c => c with { UseSymlinkPaths = Flag(st, ctx) })),
        K<GlobalBuilder>("set_supplementary_groups", (b, _, _) => b.Set(c => c with { SetSupplementaryGroups = true })),
        K<GlobalBuilder>("default_interface", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var v))
                b.Set(c => c with { DefaultInterface = v });
        }),
        K<GlobalBuilder>(
            "startup_script",
            (b, st, ctx) => b.Set(c => c with { StartupScript = Commands.Parse(st, ctx, true) })),
        K<GlobalBuilder>(
            "shutdown_script",
            (b, st, ctx) => b.Set(c => c with { ShutdownScript = Commands.Parse(st, ctx, true) })),
        K<GlobalBuilder>("vrrp_fast_handover", (b, st, ctx) => b.Set(c => c with { VrrpFastHandover = Flag(st, ctx) })),
        // Mail alerts (docs/alerts.md).
        Blk<GlobalBuilder>("notification_email", NotificationEmail),
        K<GlobalBuilder>("notification_email_from", NotificationEmailFrom),
        K<GlobalBuilder>("smtp_server", SmtpServer),
        K<GlobalBuilder>("smtp_connect_timeout", SmtpConnectTimeout),
        K<GlobalBuilder>("smtp_helo_name", SmtpHeloName),
        K<GlobalBuilder>("smtp_alert", (b, st, ctx) => GlobalSmtpAlert(b, st, ctx, vrrp: false)),
        K<GlobalBuilder>("smtp_alert_vrrp", (b, st, ctx) => GlobalSmtpAlert(b, st, ctx, vrrp: true)),
        K<GlobalBuilder>("no_email_faults", (b, _, _) => b.Set(c => c with { NoEmailFaults = true })),
        // Kept but not acted on: checker mail, SNMP/DBus, LVS/checker/BFD processes, scheduling, firewall, reload
        // helpers.
        U<GlobalBuilder>("smtp_alert_checker"),
        U<GlobalBuilder>("max_auto_priority"),
        U<GlobalBuilder>("vrrp_priority"),
        U<GlobalBuilder>("vrrp_rt_priority"),
        U<GlobalBuilder>("vrrp_no_swap"),
        U<GlobalBuilder>("vrrp_cpu_affinity"),
        U<GlobalBuilder>("vrrp_rlimit_rttime"),
        U<GlobalBuilder>("checker_priority"),
        U<GlobalBuilder>("checker_rt_priority"),
        U<GlobalBuilder>("checker_no_swap"),
        U<GlobalBuilder>("checker_cpu_affinity"),
        U<GlobalBuilder>("checker_rlimit_rttime"),
        U<GlobalBuilder>("checker_log_all_failures"),
        U<GlobalBuilder>("bfd_priority"),
        U<GlobalBuilder>("bfd_rt_priority"),
        U<GlobalBuilder>("bfd_no_swap"),
        U<GlobalBuilder>("bfd_cpu_affinity"),
        U<GlobalBuilder>("bfd_rlimit_rttime"),
        K<GlobalBuilder>("vrrp_garp_extra_if", (b, st, ctx) =>
        {
            if (GarpExtraIf(st, ctx) is { } v)
                b.Set(c => c with { GarpExtraIfSeconds = v.Seconds, GarpExtraIfAll = v.All });
        }),
        K<GlobalBuilder>("vrrp_iptables", (_, st, ctx) =>
            // keepalived 2.2.7 as Debian builds it has no iptables support: it says so (-t exits 5) and uses nftables.
            ctx.Diag.Ignored(st.Location, "iptables-unsupported",
                "iptables not supported, using nftables instead. Please replace 'vrrp_iptables' and 'vrrp_ipsets' " +
                "with the 'nftables' config option")),
        K<GlobalBuilder>("vrrp_ipsets", (_, st, ctx) =>
            // Debian's keepalived 2.2.7 has no iptables/ipset support and does not know the keyword (exit 5).
            ctx.Diag.Ignored(st.Location, "iptables-unsupported",
                "'vrrp_ipsets' is unknown to keepalived 2.2.7 without iptables support; ignored " +
                "(no_accept uses nftables)")),
        K<GlobalBuilder>("nftables", (b, st, ctx) =>
        {
            if (st.Args.Count == 0)
                b.Set(c => c with { NftTable = "keepalived" });
            else if (NftTableName(st, ctx) is { } name)
                b.Set(c => c with { NftTable = name });
        }),
        K<GlobalBuilder>("nftables_priority", (b, st, ctx) =>
        {
            if (Num(st, ctx, int.MinValue, int.MaxValue) is { } v)
                b.Set(c => c with { NftPriority = v });
        }),
        K<GlobalBuilder>("nftables_ifindex", (b, st, ctx) => b.Set(c => c with { NftIfindex = Flag(st, ctx) })),
        K<GlobalBuilder>("nftables_counters", (b, st, ctx) => b.Set(c => c with { NftCounters = Flag(st, ctx) })),
        U<GlobalBuilder>("log_unknown_vrids"),
        U<GlobalBuilder>("vmac_prefix"),
        U<GlobalBuilder>("vmac_addr_prefix"),
        U<GlobalBuilder>("vrrp_rx_bufs_policy"),
        U<GlobalBuilder>("vrrp_rx_bufs_multiplier"),
        U<GlobalBuilder>("vrrp_netlink_cmd_rcv_bufs"),
        U<GlobalBuilder>("vrrp_netlink_cmd_rcv_bufs_force"),
        U<GlobalBuilder>("vrrp_netlink_monitor_rcv_bufs"),
        U<GlobalBuilder>("vrrp_netlink_monitor_rcv_bufs_force"),
        U<GlobalBuilder>("process_monitor_rcv_bufs"),
        U<GlobalBuilder>("process_monitor_rcv_bufs_force"),
        U<GlobalBuilder>("lvs_netlink_cmd_rcv_bufs"),
        U<GlobalBuilder>("lvs_netlink_cmd_rcv_bufs_force"),
        U<GlobalBuilder>("lvs_netlink_monitor_rcv_bufs"),
        U<GlobalBuilder>("lvs_netlink_monitor_rcv_bufs_force"),
        U<GlobalBuilder>("linkbeat_use_polling"),
        U<GlobalBuilder>("linkbeat_interfaces", block: true),
        U<GlobalBuilder>("reload_check_config"),
        U<GlobalBuilder>("reload_time_file"),
        U<GlobalBuilder>("reload_repeat"),
        U<GlobalBuilder>("reload_file"),
        U<GlobalBuilder>("include_check"),
        U<GlobalBuilder>("config_save_dir"),
        U<GlobalBuilder>("tmp_config_directory"),
        U<GlobalBuilder>("data_use_instance"),
        K<GlobalBuilder>("json_version", (b, st, ctx) =>
        {
            if (Num(st, ctx, 1, 2) is { } v)
                b.Set(c => c with { JsonVersion = v });
        }),
        U<GlobalBuilder>("instance"),
        U<GlobalBuilder>("use_pid_dir"),
        K<GlobalBuilder>("net_namespace", NotInGlobalDefs),
        K<GlobalBuilder>("net_namespace_ipvs", NotInGlobalDefs),
        K<GlobalBuilder>("namespace_with_ipsets", NotInGlobalDefs),
        U<GlobalBuilder>("process_names"),
        U<GlobalBuilder>("vrrp_process_name"),
        U<GlobalBuilder>("checker_process_name"),
        U<GlobalBuilder>("bfd_process_name"),
        U<GlobalBuilder>("startup_script_timeout"),
        U<GlobalBuilder>("shutdown_script_timeout"),
        U<GlobalBuilder>("enable_snmp_vrrp"),
        U<GlobalBuilder>("enable_snmp_keepalived"),
        U<GlobalBuilder>("enable_snmp_checker"),
        U<GlobalBuilder>("enable_snmp_rfc"),
        U<GlobalBuilder>("enable_snmp_rfcv2"),
        U<GlobalBuilder>("enable_snmp_rfcv3"),
        U<GlobalBuilder>("enable_traps"),
        U<GlobalBuilder>("snmp_socket"),
        U<GlobalBuilder>("enable_dbus"),
        U<GlobalBuilder>("dbus_service_name"),
        U<GlobalBuilder>("lvs_id"),
        U<GlobalBuilder>("lvs_sync_daemon"),
        U<GlobalBuilder>("lvs_flush"),
        U<GlobalBuilder>("lvs_flush_onstop"),
        U<GlobalBuilder>("lvs_timeouts"),
        U<GlobalBuilder>("lvs_notify_fifo"),
        U<GlobalBuilder>("lvs_notify_fifo_script"),
        U<GlobalBuilder>("random_seed"),
        U<GlobalBuilder>("umask"),
        U<GlobalBuilder>("child_wait_time"),
        U<GlobalBuilder>("disable_local_igmp"),
        K<GlobalBuilder>("vrrp_vmac_garp_intvl", (b, st, ctx) =>
        {
            // keepalived 2.2.7 (observed): the old name of vrrp_garp_extra_if, applied as it, with a deprecation that
            // makes -t exit 5.
            ctx.Diag.Ignored(
                st.Location,
                "deprecated",
                "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\" (applied as it)");
            if (GarpExtraIf(st, ctx) is { } v)
                b.Set(c => c with { GarpExtraIfSeconds = v.Seconds, GarpExtraIfAll = v.All });
        }));

    /// <summary>keepalived's keyword tables have the namespace keywords at the top level only: keepalived 2.2.7 says
    /// "Unknown keyword" for them inside global_defs (exit 5) and stays in its namespace (observed), so Vigil does
    /// too.</summary>
    private static void NotInGlobalDefs(GlobalBuilder b, Vigil.Config.Syntax.Statement st, ParseContext ctx) =>
        ctx.Diag.Ignored(st.Location, "namespace-in-global-defs",
            $"'{st.Keyword}' belongs at the top level, not inside global_defs; keepalived reports it as an unknown " +
            $"keyword there (exit 5); ignored");

    /// <summary>keepalived skips (and counts, exit 5) a group address that is not multicast.</summary>
    private static bool Multicast(Vigil.Config.Syntax.Statement st, System.Net.IPAddress ip, ParseContext ctx)
    {
        var b = ip.GetAddressBytes();
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? b[0] == 0xff
            : b[0] is >= 224 and <= 239)
        {
            return true;
        }

        ctx.Diag.Ignored(
            st.ArgLocation(0),
            "not-multicast",
            $"'{st.Keyword}' {ip} is not a multicast address; ignored");
        return false;
    }

    /// <summary>Top-level sections of other keepalived subsystems: parsed structurally, skipped, kept in
    /// the model's ignored_sections.</summary>
    public static readonly HashSet<string> IgnoredSections = new(StringComparer.Ordinal)
    {
        "virtual_server", "virtual_server_group", "real_server", "bfd_instance", "static_track_group",
        "linkbeat_interfaces", "local_address_group", "net_namespace_ipvs", "namespace_with_ipsets", "instance",
        "use_pid_dir", "child_wait_time", "track_bfd",
    };

    public static readonly string[] TopLevel =
    [
        "global_defs", "vrrp_script", "vrrp_instance", "vrrp_sync_group", "track_file", "vrrp_track_file",
        "vrrp_track_process", "garp_group", "track_group", "static_ipaddress", "static_routes", "static_rules",
        "net_namespace",
        .. IgnoredSections,
    ];
}
