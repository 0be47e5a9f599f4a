using System.Globalization;
using System.Text;

namespace Vigil.Operations.Status;

/// <summary>Renders <c>vigil status --explain NAME</c>: the arithmetic behind the effective priority, what faults the
/// instance, its preemption rules, who the master is and why this node is or is not it.</summary>
public static class ExplainRenderer
{
    public static string Render(ExplainDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var i = document.Instance;
        var o = new StringBuilder();
        var name = Dash(i.Name);
        var state = Dash(i.State);
        o.Append(CultureInfo.InvariantCulture,
            $"{name}: {state}  (VRID {i.Vrid} on {Dash(i.Interface)}, {Dash(i.Family)}, VRRPv{i.Version})\n");
        o.Append(CultureInfo.InvariantCulture, $"  why: {Dash(i.Reason)}\n");
        if (i.Vmac is { } v)
        {
            var where = v.Ifindex > 0 ? $"ifindex {v.Ifindex}" : "not created";
            o.Append(CultureInfo.InvariantCulture,
                $"  vmac: {v.Name} ({where}, {v.Mac}) on {v.BaseInterface}; adverts " +
                $"on {v.AdvertInterface}{(v.Errors > 0 ? $"; {v.Errors} error(s), last: {v.LastError}" : "")}\n");
        }
        o.Append('\n');

        // Priority: base, each tracker's contribution, total, clamp, effective.
        o.Append("Priority\n");
        var basePriority = i.BasePriority;
        o.Append(CultureInfo.InvariantCulture, $"  base priority                 {basePriority,5}\n");
        var trackers = i.Trackers;
        if (trackers.Count == 0)
            o.Append("  (no trackers)\n");
        foreach (var t in trackers)
        {
            var weight = t.Weight;
            var contribution = t.Contribution;
            var label = $"{t.Kind} {t.Name} is {t.State}";
            var rule = weight == 0
                ? "weight 0: faults the instance when failing"
                : $"weight {weight:+#;-#;0}{(t.Reverse ? " reverse" : "")}";
            var group = t.FromSyncGroup is { Length: > 0 } g ? $", via sync group {g}" : "";
            var faulting = t.Faulting ? "  << FAULT" : "";
            o.Append(CultureInfo.InvariantCulture,
                $"  {Pad(label, 29)} {contribution,5:+#;-#;0}   ({rule}{group}){faulting}\n");
        }
        var total = i.TotalPriority;
        var effective = i.EffectivePriority;
        o.Append(CultureInfo.InvariantCulture, $"  total                         {total,5}\n");
        o.Append(CultureInfo.InvariantCulture, $"  effective priority            {effective,5}");
        if (i.Clamp is { Length: > 0 } clamp)
            o.Append(CultureInfo.InvariantCulture, $"   ({clamp}: priorities stay within 1..254)");
        else if (i.AddressOwner)
            o.Append("   (address owner: always 255)");
        o.Append('\n');

        var faults = i.FaultReasons;
        o.Append("\nFaults\n");
        o.Append(faults.Count == 0 ? "  none\n" : string.Concat(faults.Select(f => $"  {f}\n")));

        o.Append("\nPreemption\n");
        if (i.Preempt)
        {
            var delay = i.PreemptDelayMs;
            o.Append(CultureInfo.InvariantCulture,
                $"  preempt on{(delay > 0 ? $", preempt_delay {delay} ms" : ", no delay")}: a higher priority takes " +
                $"over from a lower master\n");
            if (i.PreemptDelayRemainingMs is { } remaining)
                o.Append(CultureInfo.InvariantCulture, $"  preempt_delay window open: {remaining} ms left\n");
        }
        else
        {
            o.Append("  nopreempt: this node does not take over from a live master of lower priority\n");
        }

        if (i.SyncGroup is { Length: > 0 } sg)
        {
            o.Append(
                CultureInfo.InvariantCulture,
                $"  member of sync group {sg} ({Dash(i.SyncGroupState)}): members change state together\n");
        }

        o.Append("\nMaster\n");
        o.Append(MasterLine(i, state, effective));

        if (i.VirtualRoutes is { Count: > 0 } || i.VirtualRules is { Count: > 0 })
        {
            o.Append(i.RoutesInstalled == true
                ? "\nRoutes and rules (in the kernel: this node is MASTER)\n"
                : "\nRoutes and rules (not installed: only a MASTER holds them)\n");
            foreach (var line in (i.VirtualRoutes ?? [])
                .Select(r => $"  route {r}\n")
                .Concat((i.VirtualRules ?? []).Select(r => $"  rule {r}\n")))
            {
                o.Append(line);
            }
        }

        o.Append("\nTimers\n");
        o.Append(CultureInfo.InvariantCulture,
            $"  advert interval {i.AdvertIntervalMs} ms (in use: {i.MasterAdvertIntervalMs} ms), " +
            $"master down interval {i.MasterDownIntervalMs} ms, skew {i.SkewTimeMs} ms\n");
        if (i.NextTimerMs is { } next)
        {
            o.Append(CultureInfo.InvariantCulture,
                $"  {(state == "MASTER" ? "next advert" : "master down timer fires")} in {next} ms\n");
        }

        if (i.FirewallDrops is { } drops)
        {
            // Only a no_accept non-owner has the key (docs/firewall.md).
            o.Append("\nAccept mode\n");
            o.Append(drops.Count > 0
                ? $"  no_accept: traffic to {string.Join(", ", drops)} is dropped " +
                    $"(nftables table {Dash(document.Firewall?.Table)})\n"
                : "  no_accept: its VIPs are dropped by the firewall while it is MASTER; nothing dropped now\n");
            if (document.Firewall is { Failures: > 0 } fw)
            {
                o.Append(
                    CultureInfo.InvariantCulture,
                    $"  firewall: {fw.Failures} of {fw.Writes} nft runs failed, last: {Dash(fw.LastError)}\n");
            }
        }

        var scripts = document.Scripts;
        if (scripts.Count > 0)
        {
            o.Append("\nScripts\n");
            foreach (var s in scripts)
            {
                var last = (s.LastOutcome ?? "") switch
                {
                    "" => "not run yet",
                    "exited" => $"exit {s.LastExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "-"}",
                    var other => other.Replace('_', ' '),
                };
                var ms = s.LastDurationMs is { } d ? $" in {d} ms" : "";
                o.Append(CultureInfo.InvariantCulture,
                    $"  {s.Name}: {s.State}, result {s.Result} (rise {s.Rise}, fall {s.Fall}), " +
                    $"{s.Runs} runs, last {last}{ms}, every {s.IntervalMs} ms\n");
            }
        }
        var processes = document.Processes;
        if (processes.Count > 0)
        {
            o.Append("\nProcesses\n");
            foreach (var p in processes)
            {
                var max = p.QuorumMax is { } m ? m.ToString(CultureInfo.InvariantCulture) : "unlimited";
                var pending = p.PendingMs is { } ms
                    ? $", changes to {(p.State == "UP" ? "DOWN" : "UP")} in {ms} ms unless it recovers"
                    : "";
                o.Append(CultureInfo.InvariantCulture,
                    $"  {p.Name}: {p.State}, {p.Count} running (quorum {p.Quorum}..{max}){pending}\n");
            }
        }
        return o.ToString();
    }

    private static string MasterLine(InstanceExplanation i, string state, long effective)
    {
        var master = i.MasterAddress ?? "";
        var masterPriority = i.MasterPriority;
        switch (state)
        {
            case "MASTER":
                return $"  this node is MASTER{(master.Length > 0 ? $" (advertising from {master})" : "")} at " +
                    $"priority {effective}\n";
            case "BACKUP" when master.Length > 0 && masterPriority is { } mp:
                var because = mp > effective ? $"its priority {mp} is above ours ({effective})"
                    : mp == effective ? $"its priority {mp} equals ours and, on a tie, the higher primary address wins"
                    : !i.Preempt ? $"nopreempt: we do not take over although ours ({effective}) is above its {mp}"
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

    private static string Dash(string? value) => StatusTableRenderer.Dash(value);

    private static string Pad(string text, int width) => text.Length >= width ? text : text.PadRight(width);
}
