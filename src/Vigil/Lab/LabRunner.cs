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
        if (NonInteractiveNotice(Console.IsInputRedirected, Console.IsOutputRedirected) is { } notice)
            output.WriteLine(notice);
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
                    var stamp = r.LastTransitionAt is { } t && t >= lastFault.At
                        ? (t - lastFault.At).TotalMilliseconds
                        : since;
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"{DateTime.Now:HH:mm:ss.fff}  {r.Node} {was} -> {r.State}  ({stamp:0} ms after " +
                        $"\"{lastFault.Label}\")");
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
                    if (Refusal(key, row, cluster.Nodes) is { } refusal)
                    {
                        events.Add($"{DateTime.Now:HH:mm:ss.fff}  {refusal}");
                        nextDraw = DateTimeOffset.MinValue;
                        continue;
                    }
                    string? label = key switch
                    {
                        'k' => Do(() => cluster.Kill(selected), $"kill -9 {row.Node}"),
                        's' => Do(() => cluster.Restart(selected), $"start {row.Node}"),
                        'f' => Do(
                            () => cluster.FailCheck(selected, !row.CheckFailing),
                            $"{(row.CheckFailing ? "heal" : "fail")} check of {row.Node}"),
                        'c' => Do(
                            () => cluster.CutLink(selected, !row.LinkCut),
                            $"{(row.LinkCut ? "reconnect" : "cut")} link of {row.Node}"),
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

    /// <summary>The one line said when the table cannot be drawn or keys cannot be read, or null in a terminal.
    /// Without it the lab would only print state changes and ignore what is typed, with no word why.</summary>
    public static string? NonInteractiveNotice(bool inputRedirected, bool outputRedirected)
    {
        var why = (inputRedirected, outputRedirected) switch
        {
            (true, true) => "standard input and output are not a terminal",
            (false, true) => "standard output is not a terminal",
            (true, false) => "standard input is not a terminal",
            _ => null,
        };
        return why is null ? null
            : $"vigil lab: running non-interactively because {why}: no live table and no keys, " +
                "state changes are printed as they happen (use --scenario NAME for a scripted run, " +
                "or run it in a terminal)";
    }

    /// <summary>Why a key does nothing for the selected node, or null when it acts. A silent key looks like a hung
    /// lab.</summary>
    public static string? Refusal(char key, LabRow row, int nodes)
    {
        ArgumentNullException.ThrowIfNull(row);
        var down = row.State == "DOWN";
        return key switch
        {
            >= '1' and <= '9' => $"there is no node n{key} (this lab has {nodes})",
            'k' when down => $"{row.Node} is not running (s starts it)",
            's' when !down => $"{row.Node} is already running",
            'k' or 's' or 'f' or 'c' or 'r' => null,
            _ => $"key '{key}' does nothing; keys: 1-{nodes} select, k kill -9, s start, f fail/heal check, " +
                "c cut/reconnect link, r restore all, q quit",
        };
    }

    private static string Do(Action action, string label)
    {
        action();
        return label;
    }
}
