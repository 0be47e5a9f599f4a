namespace Vigil.Operations.Control;

/// <summary><c>vigil reload</c> and <c>vigil stop</c>: send one request, print the daemon's answer, exit 0 when it
/// was done, 1 when the daemon refused, 3 when no daemon answered.</summary>
public static class SimpleControlCommand
{
    public static int Run(string verb, ControlCommand command, string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = ControlOptions.Parse(args, [], [], out var error);
        if (options is null)
        {
            stderr.WriteLine(
                $"vigil {verb}: {error}; usage: vigil {verb} [--control PATH | -f FILE [-i ID] | -s NAME]");
            return ControlExitCodes.Usage;
        }
        byte[] reply;
        try
        {
            // A reload parses the configuration and may wait for scripts to be killed: give it time.
            reply = ControlClient.SendAsync(options.ControlPath, new ControlRequest(command), TimeSpan.FromSeconds(30))
                .GetAwaiter().GetResult();
        }
        catch (ControlUnavailableException e)
        {
            stderr.WriteLine($"vigil {verb}: {e.Message}{options.Where}");
            return ControlExitCodes.NotRunning;
        }
        var (ok, message, details) = ControlJson.ReadOutcome(reply);
        if (!ok)
        {
            stderr.WriteLine($"vigil {verb}: {message ?? "the daemon refused"}");
            foreach (var line in details)
                stderr.WriteLine(line);
            return ControlExitCodes.Failed;
        }
        stdout.WriteLine(ControlJson.Read(reply)?.Message ?? $"vigil {verb}: done");
        return ControlExitCodes.Ok;
    }
}
