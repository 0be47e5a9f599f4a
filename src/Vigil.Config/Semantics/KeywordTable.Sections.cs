using Vigil.Config.Model;
using Vigil.Config.Syntax;
using S = Vigil.Config.Semantics.KeywordSupport;

namespace Vigil.Config.Semantics;

internal static partial class KeywordTable
{
    /// <summary>A vrrp_script's interval or timeout, in milliseconds, as keepalived 2.3.2 and later read it: seconds
    /// with up to three decimals, 0.001..4294 (more decimals are rounded, with keepalived's "too many decimal places"
    /// counted as worked around). keepalived 2.2.7 takes whole seconds only ("invalid number '0.5'") and keeps the
    /// default; Vigil runs the newer reading and says where 2.2.7 would differ (docs/config-fidelity.md).</summary>
    private static int? ScriptSeconds(ScriptBuilder b, Statement st, ParseContext ctx)
    {
        if (!Values.Decimal(st, 0, ctx, out var seconds))
            return null;
        var text = st.Args[0];
        if (seconds < 0m || seconds > 4294m)
        {
            ctx.Diag.Ignored(
                st.ArgLocation(0),
                "out-of-range",
                $"vrrp_script {b.C.Name}: {st.Keyword} '{Values.Short(text)}' must be between 0.001 and 4294 " +
                $"seconds; ignored");
            return null;
        }
        var ms = (int)Math.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
            return ms;
        if (text.Length - dot - 1 > 3)
        {
            ctx.Diag.Ignored(st.ArgLocation(0), "too-many-decimals",
                $"vrrp_script {b.C.Name}: {st.Keyword} '{Values.Short(text)}' has more than 3 decimal places; " +
                $"rounded to {ms / 1000m:0.000} s as keepalived 2.3.2 and later do (keepalived 2.2.7 takes whole " +
                $"seconds only)");
        }
        else
        {
            ctx.Diag.Warning(st.ArgLocation(0), "keepalived-2.3",
                $"vrrp_script {b.C.Name}: {st.Keyword} {text} is accepted by keepalived 2.3.2 and later and runs " +
                $"as {ms} ms; keepalived 2.2.7 takes whole seconds only (\"invalid number '{Values.Short(text)}'\", " +
                $"exit 5) and would keep the default");
        }
        return ms;
    }

    // ---------------------------------------------------------------- vrrp_script
    public static readonly Dictionary<string, KeywordSpec<ScriptBuilder>> Script = Table<ScriptBuilder>(
        K<ScriptBuilder>("script", (b, st, ctx) =>
        {
            var cmd = Commands.Parse(st, ctx, allowUser: false);
            if (cmd is null)
                return;
            b.HasScript = true;
            b.Set(c => c with { Command = cmd.Argv });
        }),
        K<ScriptBuilder>("interval", (b, st, ctx) =>
        {
            if (ScriptSeconds(b, st, ctx) is not { } v)
                return;
            if (v == 0)
            {
                ctx.Diag.Ignored(
                    st.ArgLocation(0),
                    "interval-zero",
                    $"vrrp_script {b.C.Name}: interval must be greater than 0; using 1 s");
                v = 1000;
            }
            b.Set(c => c with { IntervalMs = v });
        }),
        K<ScriptBuilder>("timeout", (b, st, ctx) =>
        {
            if (ScriptSeconds(b, st, ctx) is not { } v)
                return;
            if (v == 0)
            {
                ctx.Diag.Ignored(
                    st.ArgLocation(0),
                    "timeout-zero",
                    $"vrrp_script {b.C.Name}: timeout must be greater than 0; using 1 s");
                v = 1000;
            }
            b.TimeoutSet = true;
            b.Set(c => c with { TimeoutMs = v });
        }),
        K<ScriptBuilder>("weight", (b, st, ctx) =>
        {
            if (ScriptWeight(st, ctx, b.C.Name) is { } w)
                b.Set(c => c with { Weight = w.Weight, Reverse = w.Reverse });
        }),
        K<ScriptBuilder>("rise", (b, st, ctx) => b.Set(c => c with { Rise = Num(st, ctx, 1, int.MaxValue) ?? 1 })),
        K<ScriptBuilder>("fall", (b, st, ctx) => b.Set(c => c with { Fall = Num(st, ctx, 1, int.MaxValue) ?? 1 })),
        K<ScriptBuilder>("user", (b, st, ctx) =>
        {
            var (u, g) = UserGroup(st, ctx);
            if (u is not null)
                b.Set(c => c with { User = u, Group = g });
        }),
        K<ScriptBuilder>("init_fail", (b, _, _) => b.Set(c => c with { InitFail = true })));

    // ---------------------------------------------------------------- vrrp_sync_group
    public static readonly Dictionary<string, KeywordSpec<SyncGroupBuilder>> SyncGroup = Table<SyncGroupBuilder>(
        Blk<SyncGroupBuilder>("group", (b, st, _) =>
        {
            b.GroupSeen = true;
            foreach (var e in st.Block ?? [])
            {
                b.Members.Add((e.Keyword, e.Location));
                for (var i = 0; i < e.Args.Count; i++)
                    b.Members.Add((e.Args[i], e.ArgLocation(i)));
            }
        }),
        Blk<SyncGroupBuilder>(
            "track_script",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_script",
                254,
                253,
                Trackers.Scripts(ctx, b.C.Name, st.Location),
                b.Scripts,
                ctx)),
        Blk<SyncGroupBuilder>(
            "track_interface",
            (b, st, ctx) => Trackers.Parse(st, "track_interface", 254, 253, null, b.Interfaces, ctx)),
        Blk<SyncGroupBuilder>(
            "track_file",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_file",
                254,
                254,
                Trackers.Files(ctx, b.C.Name, st.Location),
                b.Files,
                ctx)),
        Blk<SyncGroupBuilder>(
            "track_process",
            (b, st, ctx) => Trackers.Parse(
                st,
                "track_process",
                254,
                254,
                Trackers.Processes(ctx, b.C.Name, st.Location),
                b.Processes,
                ctx)),
        U<SyncGroupBuilder>("track_bfd", block: true),
        K<SyncGroupBuilder>(
            "notify_master",
            (b, st, ctx) => b.Set(c => c with { NotifyMaster = Commands.Parse(st, ctx, true) })),
        K<SyncGroupBuilder>(
            "notify_backup",
            (b, st, ctx) => b.Set(c => c with { NotifyBackup = Commands.Parse(st, ctx, true) })),
        K<SyncGroupBuilder>(
            "notify_fault",
            (b, st, ctx) => b.Set(c => c with { NotifyFault = Commands.Parse(st, ctx, true) })),
        K<SyncGroupBuilder>(
            "notify_stop",
            (b, st, ctx) => b.Set(c => c with { NotifyStop = Commands.Parse(st, ctx, true) })),
        K<SyncGroupBuilder>("notify", (b, st, ctx) => b.Set(c => c with { Notify = Commands.Parse(st, ctx, true) })),
        K<SyncGroupBuilder>("smtp_alert", (b, st, ctx) => b.Set(c => c with { SmtpAlert = Flag(st, ctx) })),
        K<SyncGroupBuilder>(
            "sync_group_tracking_weight",
            (b, _, _) => b.Set(c => c with { SyncGroupTrackingWeight = true })),
        Dep<SyncGroupBuilder>("global_tracking", (b, _, _) => b.Set(c => c with { SyncGroupTrackingWeight = true })),
        K<SyncGroupBuilder>(
            "notify_priority_changes",
            (b, st, ctx) => b.Set(c => c with { NotifyPriorityChanges = Flag(st, ctx) })));

    // ---------------------------------------------------------------- track_file
    public static readonly Dictionary<string, KeywordSpec<TrackFileBuilder>> TrackFile = Table<TrackFileBuilder>(
        K<TrackFileBuilder>("file", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var p))
                b.Set(c => c with { Path = p });
        }),
        K<TrackFileBuilder>("weight", (b, st, ctx) =>
        {
            if (Weight(st, ctx, 254) is { } w)
                b.Set(c => c with { Weight = w.Weight, Reverse = w.Reverse });
        }),
        K<TrackFileBuilder>("init_file", (b, st, ctx) =>
        {
            var value = 0;
            var overwrite = false;
            foreach (var a in st.Args)
            {
                if (a == "overwrite")
                    overwrite = true;
                else if (!int.TryParse(a, out value))
                    ctx.Diag.Ignored(st.Location, "invalid-number", $"init_file: '{Values.Short(a)}' is not a number");
            }
            b.Set(c => c with { InitFileValue = value, InitFileOverwrite = overwrite });
        }));

    // ---------------------------------------------------------------- vrrp_track_process
    public static readonly Dictionary<string, KeywordSpec<TrackProcessBuilder>> TrackProcess =
        Table<TrackProcessBuilder>(
            K<TrackProcessBuilder>("process", (b, st, ctx) =>
            {
                var words = ShellWords.Split(st.RawArgs, out _);
                if (words.Count == 0)
                {
                    ctx.Diag.Error(st.Location, "missing-value", "'process' needs a process name");
                    return;
                }
                b.Set(c => c with { Process = words[0], Parameters = words.Count > 1 ? words[1..] : [] });
            }),
            K<TrackProcessBuilder>("param_match", (b, st, ctx) =>
            {
                if (!Values.Arg(st, 0, ctx, out var v))
                    return;
                if (v is "initial" or "partial")
                {
                    b.Set(c => c with { ParamMatch = v });
                }
                else
                {
                    ctx.Diag.Ignored(
                        st.ArgLocation(0),
                        "invalid-option",
                        $"param_match '{Values.Short(v)}' is not initial|partial; ignored");
                }
            }),
            K<TrackProcessBuilder>("quorum", (b, st, ctx) =>
            {
                if (Num(st, ctx, 1, 65535) is { } v)
                    b.Set(c => c with { Quorum = v });
            }),
            K<TrackProcessBuilder>("quorum_max", (b, st, ctx) =>
            {
                if (Num(st, ctx, 0, 65535) is { } v)
                    b.Set(c => c with { QuorumMax = v });
            }),
            // `delay` sets both delays, in order with the other two: `delay 2` then `fork_delay 1` leaves 1 and 2.
            K<TrackProcessBuilder>("delay", (b, st, ctx) =>
            {
                if (Ms(st, ctx, 0m, 4294m) is { } v)
                    b.Set(c => c with { DelayMs = v, ForkDelayMs = v, TerminateDelayMs = v });
            }),
            K<TrackProcessBuilder>("fork_delay", (b, st, ctx) =>
            {
                if (Ms(st, ctx, 0m, 4294m) is { } v)
                    b.Set(c => c with { ForkDelayMs = v });
            }),
            K<TrackProcessBuilder>("terminate_delay", (b, st, ctx) =>
            {
                if (Ms(st, ctx, 0m, 4294m) is { } v)
                    b.Set(c => c with { TerminateDelayMs = v });
            }),
            K<TrackProcessBuilder>("full_command", (b, _, _) => b.Set(c => c with { FullCommand = true })),
            K<TrackProcessBuilder>("weight", (b, st, ctx) =>
            {
                if (Weight(st, ctx, 254) is { } w)
                    b.Set(c => c with { Weight = w.Weight, Reverse = w.Reverse });
            }));

    // ---------------------------------------------------------------- garp_group
    public static readonly Dictionary<string, KeywordSpec<GarpGroupBuilder>> GarpGroup = Table<GarpGroupBuilder>(
        K<GarpGroupBuilder>("garp_interval", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0m, 1000m) is { } v)
                b.Set(c => c with { GarpIntervalMs = v });
        }),
        K<GarpGroupBuilder>("gna_interval", (b, st, ctx) =>
        {
            if (Ms(st, ctx, 0m, 1000m) is { } v)
                b.Set(c => c with { GnaIntervalMs = v });
        }),
        K<GarpGroupBuilder>("interface", (b, st, ctx) =>
        {
            if (Values.Arg(st, 0, ctx, out var v))
                b.Interfaces.Add(v);
        }),
        Blk<GarpGroupBuilder>("interfaces", (b, st, _) =>
        {
            foreach (var e in st.Block ?? [])
                b.Interfaces.Add(e.Keyword);
        }));
}
