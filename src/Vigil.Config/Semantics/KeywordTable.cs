using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Primitives;
using S = Vigil.Config.Semantics.KeywordSupport;

namespace Vigil.Config.Semantics;

/// <summary>The keyword table: every keyword Vigil knows, per section, with its support level and handler.
/// Keywords are case-sensitive, as in keepalived.</summary>
internal static partial class KeywordTable
{
    private static KeywordSpec<T> K<T>(string name, Action<T, Statement, ParseContext> apply) =>
        new(name, false, S.Supported, apply);

    private static KeywordSpec<T> Blk<T>(string name, Action<T, Statement, ParseContext> apply) =>
        new(name, true, S.Supported, apply);

    private static KeywordSpec<T> U<T>(string name, bool block = false) =>
        new(name, block, S.Unsupported, static (_, _, _) => { });

    private static KeywordSpec<T> Dep<T>(string name, Action<T, Statement, ParseContext> apply) =>
        new(name, false, S.Deprecated, apply);

    private static Dictionary<string, KeywordSpec<T>> Table<T>(params KeywordSpec<T>[] specs)
    {
        var d = new Dictionary<string, KeywordSpec<T>>(StringComparer.Ordinal);
        foreach (var s in specs)
            d[s.Name] = s;
        return d;
    }

    private static bool Flag(Statement st, ParseContext ctx) => Values.Bool(st, 0, ctx, out var v) ? v : true;

    /// <summary>A keyword keepalived 2.2.7 does not know (it says "Unknown keyword", exit 5) and 2.3/2.4 accept: Vigil
    /// acts as the newer keepalived and says so.</summary>
    private static void Newer(Statement st, ParseContext ctx, string keyword) =>
        ctx.Diag.Warning(st.Location, "keepalived-2.3",
            $"'{keyword}' is accepted by keepalived 2.3 and later (checked with 2.4.3); keepalived 2.2.7 reports it " +
            $"as an unknown keyword (exit 5)");

    private static int? Ms(Statement st, ParseContext ctx, decimal min, decimal max) =>
        Values.Seconds(st, 0, min, max, ctx, out var ms) ? ms : null;

    private static int? Num(Statement st, ParseContext ctx, long min, long max) =>
        Values.Int(st, 0, min, max, ctx, out var v) ? v : null;

    /// <summary>`weight W [reverse]` of a tracked object's own block.</summary>
    private static (int Weight, bool Reverse)? Weight(Statement st, ParseContext ctx, int max)
    {
        if (!Values.Int(st, 0, -max, max, ctx, out var w))
            return null;
        return (w, Reverse(st, ctx));
    }

    /// <summary>
    /// A vrrp_script's <c>weight</c>. keepalived (2.2.7 and 2.4.3, observed with their dumps) reports a value outside
    /// -253..253, or one with trailing characters, as an error and then runs with it anyway: <c>-255</c> stays -255,
    /// <c>300</c> stays 300, <c>1x</c> is 1 (the leading integer; none is 0). Vigil does the same, so a file runs
    /// with the priorities it had under keepalived (the total is clamped to 1..254 as always).
    /// </summary>
    private static (int Weight, bool Reverse)? ScriptWeight(Statement st, ParseContext ctx, string script)
    {
        if (!Values.Arg(st, 0, ctx, out var text))
            return null;
        var whole = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exact);
        if (!whole || exact is < -253 or > 253)
        {
            var kept = whole ? exact : LeadingInteger(text);
            var used = (int)Math.Clamp(kept, int.MinValue, int.MaxValue);
            ctx.Diag.Error(st.ArgLocation(0), whole ? "out-of-range" : "invalid-number",
                $"vrrp_script {script} weight {Values.Short(text)} must be in [-253, 253]; keepalived runs " +
                $"with {used} anyway, and so does Vigil");
            exact = used;
        }
        return ((int)exact, Reverse(st, ctx));
    }

    /// <summary>The integer at the start of <paramref name="text"/> as C's strtol reads it (saturated), 0 if
    /// none.</summary>
    private static long LeadingInteger(string text)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
            negative = text[i++] == '-';
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : value * 10 + (text[i] - '0');
        return negative ? -value : value;
    }

    private static bool Reverse(Statement st, ParseContext ctx)
    {
        if (st.Args.Count <= 1)
            return false;
        if (st.Args[1] == "reverse")
            return true;
        if (st.Args[1] != "noreverse")
        {
            ctx.Diag.Ignored(
                st.ArgLocation(1),
                "invalid-option",
                $"'{st.Keyword}': '{Values.Short(st.Args[1])}' is not 'reverse'; ignored");
        }

        return false;
    }

    private static (string? User, string? Group) UserGroup(Statement st, ParseContext ctx)
    {
        if (!Values.Arg(st, 0, ctx, out var user))
            return (null, null);
        var group = st.Args.Count > 1 ? st.Args[1].TrimStart(':') : null;
        return (user, group);
    }

    // ---------------------------------------------------------------- vrrp_instance
    public static readonly Dictionary<string, KeywordSpec<InstanceBuilder>> Instance = Table<InstanceBuilder>(
        K<InstanceBuilder>("state", (b, st, ctx) =>
        {
            if (!Values.Arg(st, 0, ctx, out var v))
                return;
            b.StateSet = true;
            b.StateAt = st.Location;
            if (v == "MASTER")
            {
                b.Set(c => c with { ConfiguredState = VrrpState.Master });
            }
            else
            {
                if (v != "BACKUP")
                {
                    ctx.Diag.Error(
                        st.ArgLocation(0),
                        "invalid-state",
                        $"state '{Values.Short(v)}' is not MASTER or BACKUP (case-sensitive); using BACKUP");
                }

                b.Set(c => c with { ConfiguredState = VrrpState.Backup });
            }
        }),
        K<InstanceBuilder>("interface", (b, st, ctx) =>
        {
            if (!Values.Arg(st, 0, ctx, out var v))
                return;
            if (v == "lo")
            {
                b.InterfaceRejected = ctx.Diag.Mark;
                ctx.Diag.Error(st.ArgLocation(0), "loopback", "VRRP cannot run on the loopback interface; ignored");
            }
            else
            {
                b.Set(c => c with { Interface = v });
            }
        }),
        K<InstanceBuilder>("virtual_router_id", (b, st, ctx) =>
        {
            var mark = ctx.Diag.Mark;
            if (!Values.Int(st, 0, 1, 255, ctx, out var v))
            {
                b.VridRejected = ctx.Diag.Mark > mark ? mark : null;
            }
            else
            {
                b.VridSet = true;
                b.Set(c => c with { Vrid = v });
            }
        }),
        K<InstanceBuilder>("priority", (b, st, ctx) =>
        {
            if (Values.Int(st, 0, 1, 255, ctx, out var v))
            {
                b.PrioritySet = true;
                b.PriorityAt = st.Location;
                b.Set(c => c with { Priority = v });
            }
            else if (st.Args.Count > 0)
            {
                // keepalived: "Priority not valid! ... Using default 100"; the priority then counts as given (state
                // MASTER no longer makes it 255).
                b.PrioritySet = true;
                b.PriorityAt = st.Location;
                b.Set(c => c with { Priority = 100 });
            }
        }),
        K<InstanceBuilder>("advert_int", (b, st, ctx) =>
        {
            if (Values.Decimal(st, 0, ctx, out var v))
            {
                if (v < 0.01m || v > 255m)
                {
                    ctx.Diag.Error(
                        st.ArgLocation(0),
                        "out-of-range",
                        $"advert_int {st.Args[0]} is outside 0.01..255 seconds; ignored");
                }
                else
                {
                    b.AdvertSeconds = v;
                    b.AdvertAt = st.Location;
                }
            }
        }),
        Blk<InstanceBuilder>("virtual_ipaddress", (b, st, ctx) => b.ParseVips(st, b.Vips, ctx)),
        Blk<InstanceBuilder>("virtual_ipaddress_excluded", (b, st, ctx) => b.ParseVips(st, b.ExcludedVips, ctx)),
        Blk<InstanceBuilder>("authentication", (b, st, ctx) => b.ParseAuth(st, ctx)),
        Blk<InstanceBuilder>(
            "track_script",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_script",
                254,
                253,
                Trackers.Scripts(ctx, b.Name, st.Location),
                b.Scripts,
                ctx)),
        Blk<InstanceBuilder>(
            "track_interface",
            (b, st, ctx) => Trackers.Parse(st, "track_interface", 254, 253, null, b.Interfaces, ctx)),
        Blk<InstanceBuilder>(
            "track_file",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_file",
                254,
                254,
                Trackers.Files(ctx, b.Name, st.Location),
                b.Files,
                ctx)),
        Blk<InstanceBuilder>(
            "track_process",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_process",
                254,
                254,
                Trackers.Processes(ctx, b.Name, st.Location),
                b.Processes,
                ctx)),
        new KeywordSpec<InstanceBuilder>(
            "track_bfd",
            true,
            S.Unsupported,
            (b, st, ctx) => Trackers.Parse(st, "track_bfd", 254, 253, null, b.Bfds, ctx)),
        K<InstanceBuilder>("nopreempt", (b, st, _) =>
        {
            b.NoPreempt = true;
            b.NoPreemptAt = st.Location;
        }),
        K<InstanceBuilder>("preempt", (b, _, _) => b.NoPreempt = false),
        K<InstanceBuilder>("preempt_delay", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0m, 1000m) is { } v)
            {
                b.PreemptDelayAt = st.Location;
                b.Set(c => c with { PreemptDelayMs = v });
            }
        }),
        Blk<InstanceBuilder>("unicast_peer", (b, st, ctx) => b.ParsePeers(st, ctx)),
        K<InstanceBuilder>("unicast_src_ip", (b, st, ctx) =>
        {
            if (Values.IpIgnoringPrefix(st, 0, ctx, out var ip) && SourceFamily(b, st, ctx, ip))
                b.Set(c => c with { UnicastSrcIp = ip });
        }),
        K<InstanceBuilder>("mcast_src_ip", (b, st, ctx) =>
        {
            if (Values.IpIgnoringPrefix(st, 0, ctx, out var ip) && SourceFamily(b, st, ctx, ip))
                b.Set(c => c with { McastSrcIp = ip });
        }),
        K<InstanceBuilder>("mcast_dst_ip", (b, st, ctx) =>
        {
            if (Values.Ip(st, 0, ctx, out var ip))
            {
                b.McastDstSet = true;
                b.Set(c => c with { McastDstIp = ip });
            }
        }),
        K<InstanceBuilder>("unicast_ttl", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.Set(c => c with { UnicastTtl = v });
        }),
        K<InstanceBuilder>(
            "notify_master",
            (b, st, ctx) => b.Set(c => c with { NotifyMaster = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>(
            "notify_backup",
            (b, st, ctx) => b.Set(c => c with { NotifyBackup = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>(
            "notify_fault",
            (b, st, ctx) => b.Set(c => c with { NotifyFault = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>(
            "notify_stop",
            (b, st, ctx) => b.Set(c => c with { NotifyStop = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>("notify", (b, st, ctx) => b.Set(c => c with { Notify = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>(
            "notify_master_rx_lower_pri",
            (b, st, ctx) => b.Set(c => c with { NotifyMasterRxLowerPri = Commands.Parse(st, ctx, true) })),
        K<InstanceBuilder>("notify_deleted", (b, st, ctx) =>
        {
            b.Set(c => c with { SendDeleted = true });
            if (st.Args.Count > 0)
                b.Set(c => c with { NotifyDeleted = Commands.Parse(st, ctx, true) });
        }),
        K<InstanceBuilder>("garp_master_delay", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 1000) is { } v)
                b.GarpMasterDelayMs = v * 1000;
        }),
        K<InstanceBuilder>("garp_master_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.GarpMasterRepeat = v;
        }),
        K<InstanceBuilder>("garp_master_refresh", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 100000) is { } v)
                b.GarpMasterRefreshMs = v * 1000;
        }),
        K<InstanceBuilder>("garp_master_refresh_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.GarpMasterRefreshRepeat = v;
        }),
        K<InstanceBuilder>("garp_lower_prio_delay", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 1000) is { } v)
                b.GarpLowerPrioDelayMs = v * 1000;
        }),
        K<InstanceBuilder>("garp_lower_prio_repeat", (b, st, ctx) =>
        {
            if (Num(st, ctx, 0, 255) is { } v)
                b.GarpLowerPrioRepeat = v;
        }),
        K<InstanceBuilder>("smtp_alert", (b, st, ctx) => b.Set(c => c with { SmtpAlert = Flag(st, ctx) })),
        K<InstanceBuilder>("dont_track_primary", (b, _, _) => b.Set(c => c with { DontTrackPrimary = true })),
        new KeywordSpec<InstanceBuilder>("use_vmac", false, S.Supported, VmacArgs.Apply),
        U<InstanceBuilder>("use_vmac_addr"),
        new KeywordSpec<InstanceBuilder>("vmac_xmit_base", false, S.Supported, (b, _, _) => b.VmacXmitBase = true),
        U<InstanceBuilder>("use_ipvlan"),
        Blk<InstanceBuilder>("virtual_routes", (b, st, ctx) =>
        {
            Raw(st, b.Routes);
            b.RouteList.AddRange(RouteParser.Routes(st, "virtual_routes", ctx));
        }),
        Blk<InstanceBuilder>("virtual_rules", (b, st, ctx) =>
        {
            Raw(st, b.Rules);
            b.RuleList.AddRange(RouteParser.Rules(st, "virtual_rules", ctx));
        }),
        K<InstanceBuilder>("version", (b, st, ctx) =>
        {
            if (Num(st, ctx, 2, 3) is { } v)
                b.SetVersion(v, st, ctx);
        }),
        Dep<InstanceBuilder>("native_ipv6", (b, st, ctx) => b.SetNativeIpv6(st, ctx)),
        K<InstanceBuilder>("accept", (b, st, _) =>
        {
            b.Accept = true;
            b.AcceptAt = st.Location;
        }),
        K<InstanceBuilder>("no_accept", (b, _, _) => b.Accept = false),
        K<InstanceBuilder>("promote_secondaries", (b, _, _) => b.Set(c => c with { PromoteSecondaries = true })),
        K<InstanceBuilder>("higher_prio_send_advert", (b, st, ctx) => b.HigherPrioSendAdvert = Flag(st, ctx)),
        K<InstanceBuilder>("lower_prio_no_advert", (b, st, ctx) => b.LowerPrioNoAdvert = Flag(st, ctx)),
        K<InstanceBuilder>("notify_priority_changes", (b, st, ctx) => b.NotifyPriorityChanges = Flag(st, ctx)),
        K<InstanceBuilder>("strict_mode", (b, st, ctx) => b.Strict = Flag(st, ctx)),
        K<InstanceBuilder>("skip_check_adv_addr", (b, st, ctx) => b.SkipCheckAdvAddr = Flag(st, ctx)),
        K<InstanceBuilder>("check_unicast_src", (b, _, _) => b.CheckUnicastSrc = true),
        K<InstanceBuilder>("unicast_fault_no_peer", (b, _, _) => b.Set(c => c with { UnicastFaultNoPeer = true })),
        U<InstanceBuilder>("old_unicast_checksum"),
        K<InstanceBuilder>("v3_checksum_as_v2", (b, st, ctx) => b.V3ChecksumAsV2 = Flag(st, ctx)),
        new KeywordSpec<InstanceBuilder>(
            "track_src_ip",
            false,
            S.Unsupported,
            (b, _, _) => b.Set(c => c with { TrackSrcIp = true })),
        K<InstanceBuilder>("down_timer_adverts", (b, st, ctx) =>
        {
            if (Num(st, ctx, 1, 100) is { } v)
                b.DownTimerAdverts = v;
        }),
        new KeywordSpec<InstanceBuilder>("timer_expired_backup", false, S.Supported, (b, st, ctx) =>
        {
            // keepalived 2.4.3: optional highest priority of the other instances, 1..254 (default 254); needs
            // nopreempt.
            Newer(st, ctx, "timer_expired_backup");
            if (st.Args.Count == 0)
                b.Set(c => c with { TimerExpiredBackup = 254 });
            else if (Values.Int(st, 0, 1, 254, ctx, out var v))
                b.Set(c => c with { TimerExpiredBackup = v });
        }),
        U<InstanceBuilder>("thread_timer_expired"),
        K<InstanceBuilder>("garp_extra_if", (b, st, ctx) =>
        {
            if (GarpExtraIf(st, ctx) is { } v)
                b.Set(c => c with { GarpExtraIfSeconds = v.Seconds, GarpExtraIfAll = v.All });
        }),
        K<InstanceBuilder>("vmac_garp_intvl", (b, st, ctx) =>
        {
            // keepalived 2.2.7 (observed): the old name of garp_extra_if, applied as it, deprecated (-t exits 5).
            ctx.Diag.Ignored(
                st.Location,
                "deprecated",
                "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\" (applied as it)");
            if (GarpExtraIf(st, ctx) is { } v)
                b.Set(c => c with { GarpExtraIfSeconds = v.Seconds, GarpExtraIfAll = v.All });
        }),
        K<InstanceBuilder>("owner_ignore_adverts", (b, st, ctx) => b.OwnerIgnoreAdverts = Flag(st, ctx)),
        K<InstanceBuilder>("no_virtual_ipaddress", (b, _, _) => b.NoVirtualIpAddress = true),
        U<InstanceBuilder>("vrf"),
        U<InstanceBuilder>("kernel_rx_buf_size"),
        new KeywordSpec<InstanceBuilder>("linkbeat_use_polling", false, S.Deprecated, static (_, _, _) => { }),
        new KeywordSpec<InstanceBuilder>("debug", false, S.Ignored, static (_, _, _) => { }),
        new KeywordSpec<InstanceBuilder>("lvs_sync_daemon_interface", false, S.Deprecated, (b, st, ctx) =>
        {
            // keepalived keeps one LVS sync daemon: a second instance naming it is an error there.
            if (ctx.LvsSyncDaemonSeen)
            {
                ctx.Diag.Ignored(
                    st.Location,
                    "lvs-sync-daemon",
                    "lvs_sync_daemon_interface has already been specified by another instance; ignored");
            }

            ctx.LvsSyncDaemonSeen = true;
        }),
        Blk<InstanceBuilder>("auth_hmac", (b, st, ctx) => b.ParseAuthHmac(st, ctx)));

    /// <summary>A source address may fix the instance's family; one of the other family is skipped, as keepalived's
    /// "MUST be of the same family !!! Skipping".</summary>
    private static bool SourceFamily(InstanceBuilder b, Statement st, ParseContext ctx, System.Net.IPAddress ip)
    {
        var family = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? Core.Primitives.IpFamily.IPv6
            : Core.Primitives.IpFamily.IPv4;
        if (b.ClaimFamily(family))
            return true;
        ctx.Diag.Ignored(
            st.Location,
            "src-family",
            $"({b.Name}) {st.Keyword} {ip} is not of the instance's family; ignored");
        return false;
    }

    private static void Raw(Statement st, List<string> into)
    {
        foreach (var e in st.Block ?? [])
            into.Add(e.Args.Count == 0 ? e.Keyword : e.Keyword + " " + string.Join(' ', e.Args));
    }
}
