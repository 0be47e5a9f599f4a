using System.Globalization;

namespace Vigil.Lab;

/// <summary>
/// `vigil lab --scenario NAME`: breaks the master in scripted ways and prints how long each takeover took,
/// without a terminal (for CI). Each step injects one fault at the current master, waits for another node to
/// become MASTER (its own transition time stamp minus the moment of the fault is the takeover time), then
/// repairs the fault and waits for the preferred node to take the address back.
/// </summary>
public static class LabScenario
{
    public static readonly string[] Names = ["failover", "kill", "check", "link"];

    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(ILabCluster cluster, string name, TimeSpan duration, TextWriter output,
        CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(output);
        string[] faults = name switch
        {
            "failover" => ["kill", "check", "link"],
            "kill" or "check" or "link" => [name],
            _ => throw new ArgumentException(
                $"unknown scenario '{name}' (known: {string.Join(", ", Names)})",
                nameof(name)),
        };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        budget.CancelAfter(duration);
        var failures = 0;
        try
        {
            var started = DateTimeOffset.UtcNow;
            var rows = await WaitAsync(cluster, r => Stable(r) is not null, budget.Token).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cluster up in {(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms: {Describe(rows)}"));
            foreach (var fault in faults)
            {
                var master = Stable(await cluster.RowsAsync().ConfigureAwait(false))
                    ?? throw new InvalidOperationException("no stable master before the step");
                var index = int.Parse(master.Node[1..], CultureInfo.InvariantCulture);
                var before = DateTimeOffset.UtcNow;
                Inject(cluster, fault, index, on: true);
                var label = $"{Verb(fault)} {master.Node} (MASTER)";
                var (ok, line) = await TakeoverAsync(
                    cluster,
                    label,
                    before,
                    r => r.Node != master.Node,
                    budget.Token).ConfigureAwait(false);
                output.WriteLine(line);
                failures += ok ? 0 : 1;

                before = DateTimeOffset.UtcNow;
                Inject(cluster, fault, index, on: false);
                (ok, line) = await TakeoverAsync(
                    cluster,
                    $"{Repair(fault)} {master.Node}",
                    before,
                    r => r.Node == master.Node,
                    budget.Token).ConfigureAwait(false);
                output.WriteLine(line);
                failures += ok ? 0 : 1;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scenario {name}: stopped after --duration {duration.TotalSeconds:0} s before it finished"));
            return 1;
        }
        output.WriteLine(
            failures == 0
                ? $"scenario {name}: every takeover happened"
                : $"scenario {name}: {failures} step(s) failed");
        return failures == 0 ? 0 : 1;
    }

    private static void Inject(ILabCluster cluster, string fault, int node, bool on)
    {
        switch (fault)
        {
            case "kill" when on:
                cluster.Kill(node);
                break;
            case "kill":
                cluster.Restart(node);
                break;
            case "check":
                cluster.FailCheck(node, on);
                break;
            default:
                cluster.CutLink(node, on);
                break;
        }
    }

    private static string Verb(string fault) => fault switch
    {
        "kill" => "kill -9",
        "check" => "fail the health check of",
        _ => "cut the link of",
    };

    private static string Repair(string fault) => fault switch
    {
        "kill" => "restart",
        "check" => "heal the health check of",
        _ => "reconnect",
    };

    private static async Task<(bool Ok, string Line)> TakeoverAsync(
        ILabCluster cluster,
        string label,
        DateTimeOffset since,
        Func<LabRow, bool> isWanted,
        CancellationToken cancel)
    {
        using var step = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        step.CancelAfter(StepLimit);
        try
        {
            var rows = await WaitAsync(cluster, r => r.Any(x => x.State == "MASTER" && isWanted(x)), step.Token)
                .ConfigureAwait(false);
            var observed = DateTimeOffset.UtcNow;
            var winner = rows.First(x => x.State == "MASTER" && isWanted(x));
            // The node's own transition stamp is precise; polling only bounds it from above.
            var at = winner.LastTransitionAt is { } t && t >= since && t <= observed ? t : observed;
            await WaitAsync(
                cluster,
                r => r.Any(x => x.Node == winner.Node && x.HoldsAddress),
                step.Token).ConfigureAwait(false);
            var vip = DateTimeOffset.UtcNow;
            return (true, string.Create(CultureInfo.InvariantCulture,
                $"{label}: {winner.Node} MASTER after {(at - since).TotalMilliseconds:0} ms (address up there " +
                $"by {(vip - since).TotalMilliseconds:0} ms)"));
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            var rows = await cluster.RowsAsync().ConfigureAwait(false);
            return (false, $"{label}: no takeover within {StepLimit.TotalSeconds:0} s ({Describe(rows)})");
        }
    }

    private static async Task<IReadOnlyList<LabRow>> WaitAsync(
        ILabCluster cluster,
        Func<IReadOnlyList<LabRow>, bool> done,
        CancellationToken cancel)
    {
        while (true)
        {
            var rows = await cluster.RowsAsync().ConfigureAwait(false);
            if (done(rows))
                return rows;
            cancel.ThrowIfCancellationRequested();
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>The single MASTER when the election has settled: exactly one node is MASTER, it has the highest
    /// effective priority (a lower node can be MASTER for a moment while a higher one is still starting), it holds the
    /// address, and every other node is BACKUP.</summary>
    private static LabRow? Stable(IReadOnlyList<LabRow> rows)
    {
        var masters = rows.Where(r => r.State == "MASTER").ToList();
        if (masters.Count != 1 || !masters[0].HoldsAddress || !rows.All(r => r == masters[0] || r.State == "BACKUP"))
            return null;
        return rows.All(r => (r.EffectivePriority ?? 0) <= (masters[0].EffectivePriority ?? 0)) ? masters[0] : null;
    }

    public static string Describe(IEnumerable<LabRow> rows) =>
        string.Join(", ", rows.Select(r => $"{r.Node} {r.State}{(r.EffectivePriority is { } p ? $" ({p})" : "")}"));
}
