using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Entries of `track_script` / `track_interface` / `track_file` / `track_process` / `track_bfd` blocks:
/// <c>NAME [weight W [reverse|noreverse]]</c>, one per line.</summary>
internal static class Trackers
{
    public delegate bool Resolve(string name, out int weight, out bool reverse);

    public static void Parse(
        Statement block,
        string kind,
        int maxWeight,
        int clampTo,
        Resolve? resolve,
        List<TrackerRef> into,
        ParseContext ctx)
    {
        foreach (var e in block.Block ?? [])
        {
            var name = e.Keyword;
            var weight = 0;
            var reverse = false;
            if (resolve is not null && !resolve(name, out weight, out reverse))
                continue;
            var overridden = false;
            if (e.Args.Count > 0)
            {
                if (e.Args[0] != "weight")
                {
                    ctx.Diag.Ignored(e.ArgLocation(0), "tracker-option",
                        $"unknown {kind} option '{Values.Short(e.Args[0])}' for {name}; the whole entry is " +
                        $"ignored{Suggest.Hint(e.Args[0], ["weight"])}");
                    continue;
                }
                if (e.Args.Count < 2
                    || !int.TryParse(e.Args[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w))
                {
                    ctx.Diag.Ignored(
                        e.ArgLocation(1),
                        "invalid-number",
                        $"{kind} {name}: weight needs a whole number; the entry is ignored");
                    continue;
                }
                if (w < -maxWeight || w > maxWeight)
                {
                    if (kind == "track_interface")
                    {
                        // Observed in keepalived 2.2.7's dump: the interface stays tracked, with weight 0.
                        ctx.Diag.Ignored(
                            e.ArgLocation(1),
                            "out-of-range",
                            $"{kind} {name}: weight {w} is outside -{maxWeight}..{maxWeight}; using 0 (a failure " +
                            $"means FAULT)");
                        w = 0;
                    }
                    else
                    {
                        ctx.Diag.Ignored(
                            e.ArgLocation(1),
                            "out-of-range",
                            $"{kind} {name}: weight {w} is outside -{maxWeight}..{maxWeight}; the entry is ignored");
                        continue;
                    }
                }
                if (Math.Abs(w) > clampTo)
                {
                    ctx.Diag.Ignored(
                        e.ArgLocation(1),
                        "weight-clamped",
                        $"{kind} {name}: weight {w} clamped to {Math.Sign(w) * clampTo}");
                    w = Math.Sign(w) * clampTo;
                }
                weight = w;
                overridden = true;
                if (e.Args.Count > 2)
                {
                    if (e.Args[2] == "reverse")
                    {
                        reverse = true;
                    }
                    else if (e.Args[2] == "noreverse")
                    {
                        reverse = false;
                    }
                    else
                    {
                        ctx.Diag.Ignored(
                            e.ArgLocation(2),
                            "tracker-option",
                            $"{kind} {name}: '{Values.Short(e.Args[2])}' is not reverse|noreverse; ignored");
                    }
                }
            }
            if (into.Exists(t => t.Name == name))
            {
                ctx.Diag.Ignored(e.Location, "duplicate-tracker", $"duplicate {kind} {name}; ignored");
                continue;
            }
            into.Add(
                new TrackerRef
                {
                    Name = name,
                    Weight = weight,
                    Reverse = reverse,
                    WeightOverridden = overridden,
                    Location = e.Location
                });
        }
    }

    public static Resolve Scripts(ParseContext ctx, string owner, SourceLocation at) =>
        (string name, out int weight, out bool reverse) =>
        {
            if (ctx.Scripts.TryGetValue(name, out var s))
            {
                weight = s.Weight;
                reverse = s.Reverse;
                return true;
            }
            weight = 0;
            reverse = false;
            // keepalived resolves in file order: a script declared later (or never) is dropped from this instance.
            ctx.Diag.Ignored(
                at,
                "unknown-script",
                $"({owner}) track script {name} not found (not declared before this point); " +
                $"ignored{Suggest.Hint(name, ctx.Scripts.Keys)}");
            return false;
        };

    public static Resolve Files(ParseContext ctx, string owner, SourceLocation at) =>
        (string name, out int weight, out bool reverse) =>
        {
            if (ctx.TrackFiles.TryGetValue(name, out var f))
            {
                weight = f.Weight;
                reverse = f.Reverse;
                return true;
            }
            weight = 0;
            reverse = false;
            ctx.Diag.Ignored(
                at,
                "unknown-track-file",
                $"({owner}) track file {name} not found; ignored{Suggest.Hint(name, ctx.TrackFiles.Keys)}");
            return false;
        };

    public static Resolve Processes(ParseContext ctx, string owner, SourceLocation at) =>
        (string name, out int weight, out bool reverse) =>
        {
            if (ctx.TrackProcesses.TryGetValue(name, out var p))
            {
                weight = p.Weight;
                reverse = p.Reverse;
                return true;
            }
            weight = 0;
            reverse = false;
            ctx.Diag.Ignored(
                at,
                "unknown-track-process",
                $"({owner}) track process {name} not found; ignored{Suggest.Hint(name, ctx.TrackProcesses.Keys)}");
            return false;
        };
}
