using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Operations.Status;

/// <summary>Renders <c>vigil status --explain NAME</c>: the arithmetic behind the effective priority, what faults the
/// instance, its preemption rules, who the master is and why this node is or is not it.</summary>
public static class ExplainRenderer
{
    public static string Render(JsonElement root)
    {
        var i = root.Obj("instance");
        var o = new StringBuilder();
        var name = i.Str("name");
        var state = i.Str("state");
        o.Append(CultureInfo.InvariantCulture,
            $"{name}: {state}  (VRID {i.Str("vrid")} on {i.Str("interface")}, {i.Str("family")}, VRRPv{i.Str("version")})\n");
        o.Append(CultureInfo.InvariantCulture, $"  why: {i.Str("reason")}\n\n");

        // Priority: base, each tracker's contribution, total, clamp, effective.
        o.Append("Priority\n");
        var basePriority = i.Num("base_priority") ?? 0;
        o.Append(CultureInfo.InvariantCulture, $"  base priority                 {basePriority,5}\n");
        var trackers = i.Arr("trackers").ToList();
        if (trackers.Count == 0)
            o.Append("  (no trackers)\n");
        foreach (var t in trackers)
        {
            var weight = t.Num("weight") ?? 0;
            var contribution = t.Num("contribution") ?? 0;
            var label = $"{t.Str("kind")} {t.Str("name")} is {t.Str("state")}";
            var rule = weight == 0
                ? "weight 0: faults the instance when failing"
                : $"weight {weight:+#;-#;0}{(t.Bool("reverse") ? " reverse" : "")}";
            var group = t.Str("from_sync_group", "") is { Length: > 0 } g ? $", via sync group {g}" : "";
            var faulting = t.Bool("faulting") ? "  << FAULT" : "";
            o.Append(CultureInfo.InvariantCulture,
                $"  {Pad(label, 29)} {contribution,5:+#;-#;0}   ({rule}{group}){faulting}\n");
        }
        var total = i.Num("total_priority") ?? basePriority;
        var effective = i.Num("effective_priority") ?? total;
        o.Append(CultureInfo.InvariantCulture, $"  total                         {total,5}\n");
        o.Append(CultureInfo.InvariantCulture, $"  effective priority            {effective,5}");
        if (i.Str("clamp", "") is { Length: > 0 } clamp)
            o.Append(CultureInfo.InvariantCulture, $"   ({clamp}: priorities stay within 1..254)");
        else if (i.Bool("address_owner"))
            o.Append("   (address owner: always 255)");
        o.Append('\n');

        var faults = i.Arr("fault_reasons").Select(f => f.GetString()).ToList();
        o.Append("\nFaults\n");
        o.Append(faults.Count == 0 ? "  none\n" : string.Concat(faults.Select(f => $"  {f}\n")));

        o.Append("\nPreemption\n");
        if (i.Bool("preempt"))
        {
            var delay = i.Num("preempt_delay_ms") ?? 0;
            o.Append(CultureInfo.InvariantCulture,
                $"  preempt on{(delay > 0 ? $", preempt_delay {delay} ms" : ", no delay")}: a higher priority takes over from a lower master\n");
            if (i.Num("preempt_delay_remaining_ms") is { } remaining)
                o.Append(CultureInfo.InvariantCulture, $"  preempt_delay window open: {remaining} ms left\n");
        }
        else
            o.Append("  nopreempt: this node does not take over from a live master of lower priority\n");
        if (i.Str("sync_group", "") is { Length: > 0 } sg)
            o.Append(CultureInfo.InvariantCulture, $"  member of sync group {sg} ({i.Str("sync_group_state")}): members change state together\n");

        o.Append("\nMaster\n");
        o.Append(MasterLine(i, state, effective));

        o.Append("\nTimers\n");
        o.Append(CultureInfo.InvariantCulture,
            $"  advert interval {i.Str("advert_interval_ms")} ms (in use: {i.Str("master_advert_interval_ms")} ms), " +
            $"master down interval {i.Str("master_down_interval_ms")} ms, skew {i.Str("skew_time_ms")} ms\n");
        if (i.Num("next_timer_ms") is { } next)
            o.Append(CultureInfo.InvariantCulture,
                $"  {(state == "MASTER" ? "next advert" : "master down timer fires")} in {next} ms\n");

        var scripts = root.Arr("scripts").ToList();
        if (scripts.Count > 0)
        {
            o.Append("\nScripts\n");
            foreach (var s in scripts)
            {
                var last = s.Str("last_outcome", "") switch
                {
                    "" => "not run yet",
                    "exited" => $"exit {s.Str("last_exit_status")}",
                    var other => other.Replace('_', ' '),
                };
                var ms = s.Num("last_duration_ms") is { } d ? $" in {d} ms" : "";
                o.Append(CultureInfo.InvariantCulture,
                    $"  {s.Str("name")}: {s.Str("state")}, result {s.Str("result")} (rise {s.Str("rise")}, fall {s.Str("fall")}), " +
                    $"{s.Str("runs")} runs, last {last}{ms}, every {s.Str("interval_ms")} ms\n");
            }
        }
        var processes = root.Arr("processes").ToList();
        if (processes.Count > 0)
        {
            o.Append("\nProcesses\n");
            foreach (var p in processes)
            {
                var max = p.Num("quorum_max") is { } m ? m.ToString(CultureInfo.InvariantCulture) : "unlimited";
                var pending = p.Num("pending_ms") is { } ms
                    ? $", changes to {(p.Str("state") == "UP" ? "DOWN" : "UP")} in {ms} ms unless it recovers"
                    : "";
                o.Append(CultureInfo.InvariantCulture,
                    $"  {p.Str("name")}: {p.Str("state")}, {p.Str("count")} running (quorum {p.Str("quorum")}..{max}){pending}\n");
            }
        }
        return o.ToString();
    }

    private static string MasterLine(JsonElement i, string state, long effective)
    {
        var master = i.Str("master_address", "");
        var masterPriority = i.Num("master_priority");
        switch (state)
        {
            case "MASTER":
                return $"  this node is MASTER{(master.Length > 0 ? $" (advertising from {master})" : "")} at priority {effective}\n";
            case "BACKUP" when master.Length > 0 && masterPriority is { } mp:
                var because = mp > effective ? $"its priority {mp} is above ours ({effective})"
                    : mp == effective ? $"its priority {mp} equals ours and, on a tie, the higher primary address wins"
                    : !i.Bool("preempt") ? $"nopreempt: we do not take over although ours ({effective}) is above its {mp}"
                    : $"a preempt_delay is running although ours ({effective}) is above its {mp}";
                return $"  {master} is MASTER; this node is BACKUP because {because}\n";
            case "BACKUP":
                return "  no master heard yet: this node becomes MASTER when the master down timer fires\n";
            case "FAULT":
                return "  this node cannot be MASTER while it is in FAULT (see Faults)\n";
            default:
                return $"  this node is {state}: it takes no part in the election\n";
        }
    }

    private static string Pad(string text, int width) => text.Length >= width ? text : text.PadRight(width);
}
