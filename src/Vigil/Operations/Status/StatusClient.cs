using System.Text;
using System.Text.Json;
using Vigil.Operations.Control;

namespace Vigil.Operations.Status;

/// <summary><c>vigil status [--control PATH] [--json] [--explain NAME]</c>. Exit 0 with an answer from a live
/// daemon, 3 when none answers (no socket, refused, silent), 1 when the daemon answered with an error (for example
/// an unknown instance), 2 on a bad command line.</summary>
public static class StatusClient
{
    public const string Usage = "usage: vigil status [--control PATH | -f FILE [-i ID] | -s NAME] [--json] " +
        "[--explain NAME]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = ControlOptions.Parse(args, ["--json"], ["--explain"], out var error);
        if (options is null)
        {
            stderr.WriteLine($"vigil status: {error}; {Usage}");
            return ControlExitCodes.Usage;
        }
        var json = options.Flags.Contains("--json");
        var request = options.Values.TryGetValue("--explain", out var name)
            ? new ControlRequest(ControlCommand.Explain, name)
            : new ControlRequest(ControlCommand.Status);
        byte[] reply;
        try
        {
            reply = ControlClient.SendAsync(options.ControlPath, request, TimeSpan.FromSeconds(5))
                .GetAwaiter()
                .GetResult();
        }
        catch (ControlUnavailableException e)
        {
            stderr.WriteLine($"vigil status: {e.Message}{options.Where}");
            return ControlExitCodes.NotRunning;
        }
        var (ok, message, _) = ControlJson.ReadOutcome(reply);
        if (!ok)
        {
            stderr.WriteLine($"vigil status: {message}");
            return ControlExitCodes.Failed;
        }
        if (json)
        {
            stdout.WriteLine(Encoding.UTF8.GetString(reply));
            return ControlExitCodes.Ok;
        }
        try
        {
            stdout.Write(request.Command == ControlCommand.Explain
                ? ExplainRenderer.Render(StatusJsonReader.Explain(reply))
                : StatusTableRenderer.Render(StatusJsonReader.Status(reply), DateTimeOffset.UtcNow));
            return ControlExitCodes.Ok;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: invalid UTF-8 inside a string the reader decodes (see ControlJson.Read).
            stderr.WriteLine($"vigil status: the daemon's reply is not valid JSON: {e.Message}");
            return ControlExitCodes.Failed;
        }
    }
}
