using System.Globalization;

namespace Vigil.Lab;

/// <summary>The interactive lab: redraws the table twice a second, turns keys into faults, and logs every state
/// change with the time since the last fault (the takeover time when the change is a new MASTER).</summary>
public static class LabRunner
{
    private const int EventsShown = 10;

    public static async Task<int> RunInteractiveAsync(ILabCluster cluster, TimeSpan? duration, TextWriter output,
        CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(output);
        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var events = new List<string>();
        var selected = 1;
        var lastFault = (Label: "start", At: DateTimeOffset.UtcNow);
        var previous = new Dictionary<string, string>();
        var end = duration is { } d ? DateTimeOffset.UtcNow + d : DateTimeOffset.MaxValue;
        var nextDraw = DateTimeOffset.MinValue;
        while (!cancel.IsCancellationRequested && DateTimeOffset.UtcNow < end)
        {
            var rows = await cluster.RowsAsync().ConfigureAwait(false);
            foreach (var r in rows)
            {
                if (previous.TryGetValue(r.Node, out var was) && was != r.State)
                {
                    var since = (DateTimeOffset.UtcNow - lastFault.At).TotalMilliseconds;
                    var stamp = r.LastTransitionAt is { } t && t >= lastFault.At ? (t - lastFault.At).TotalMilliseconds : since;
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"{DateTime.Now:HH:mm:ss.fff}  {r.Node} {was} -> {r.State}  ({stamp:0} ms after \"{lastFault.Label}\")");
                    events.Add(line);
                    if (!interactive)
                        output.WriteLine(line);
                }
                previous[r.Node] = r.State;
            }
            if (events.Count > EventsShown)
                events.RemoveRange(0, events.Count - EventsShown);
            if (interactive && DateTimeOffset.UtcNow >= nextDraw)
            {
                // Home and clear, then the whole table: simple and flicker-free enough at 2 Hz.
                output.Write("\u001b[H\u001b[2J" + LabTable.Render(cluster.Description, rows, selected, events));
                nextDraw = DateTimeOffset.UtcNow.AddMilliseconds(500);
            }
            if (interactive)
            {
                while (Console.KeyAvailable)
                {
                    var key = Console.ReadKey(intercept: true).KeyChar;
                    if (key is 'q' or 'Q')
                        return 0;
                    if (key is >= '1' and <= '9' && key - '0' <= cluster.Nodes)
                    {
                        selected = key - '0';
                        continue;
                    }
                    var row = rows[selected - 1];
                    string? label = key switch
                    {
                        'k' => Do(() => cluster.Kill(selected), $"kill -9 {row.Node}"),
                        's' => Do(() => cluster.Restart(selected), $"start {row.Node}"),
                        'f' => Do(() => cluster.FailCheck(selected, !row.CheckFailing), $"{(row.CheckFailing ? "heal" : "fail")} check of {row.Node}"),
                        'c' => Do(() => cluster.CutLink(selected, !row.LinkCut), $"{(row.LinkCut ? "reconnect" : "cut")} link of {row.Node}"),
                        'r' => Do(cluster.RestoreAll, "restore all"),
                        _ => null,
                    };
                    if (label is not null)
                    {
                        lastFault = (label, DateTimeOffset.UtcNow);
                        events.Add($"{DateTime.Now:HH:mm:ss.fff}  >> {label}");
                        nextDraw = DateTimeOffset.MinValue;
                    }
                }
            }
            try
            {
                await Task.Delay(interactive ? 100 : 200, cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return 0;
    }

    private static string Do(Action action, string label)
    {
        action();
        return label;
    }
}
