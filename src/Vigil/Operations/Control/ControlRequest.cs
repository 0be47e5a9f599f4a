namespace Vigil.Operations.Control;

/// <summary>One request line: <c>status</c>, <c>explain NAME</c>, <c>reload</c> or <c>stop</c>, ended by a newline.
/// A line protocol keeps the daemon's side trivial and lets an operator talk to it with
/// <c>echo status | socat - UNIX:/run/vigil/control.sock</c>.</summary>
public sealed record ControlRequest(ControlCommand Command, string? Argument = null)
{
    /// <summary>Longer lines are refused: instance names are short, and the daemon must not buffer without
    /// bound.</summary>
    public const int MaxLineBytes = 1024;

    public string ToLine() => Command switch
    {
        ControlCommand.Explain => "explain " + Argument,
        _ => Command.ToString().ToLowerInvariant(),
    } + "\n";

    public static bool TryParse(string line, out ControlRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        request = new ControlRequest(ControlCommand.Status);
        error = "";
        var text = line.TrimEnd('\n', '\r').Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? text : text[..space];
        var argument = space < 0 ? null : text[(space + 1)..].Trim();
        switch (word)
        {
            case "status" when argument is null:
                return true;
            case "reload" when argument is null:
                request = new ControlRequest(ControlCommand.Reload);
                return true;
            case "stop" when argument is null:
                request = new ControlRequest(ControlCommand.Stop);
                return true;
            case "explain" when !string.IsNullOrEmpty(argument):
                request = new ControlRequest(ControlCommand.Explain, argument);
                return true;
            case "explain":
                error = "explain needs an instance name";
                return false;
            case "status" or "reload" or "stop":
                error = $"{word} takes no argument";
                return false;
            default:
                error = $"unknown request '{word}' (expected status, explain NAME, reload or stop)";
                return false;
        }
    }
}
