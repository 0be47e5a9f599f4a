using System.Collections.Concurrent;
using Vigil.Daemon;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;

namespace Vigil.Operations.Tests.Daemon;

/// <summary>The daemon's side of track script runs: an outcome comes back to the loop as an input carrying the
/// script's name and the engine's run id, and the loop's handled inputs are reused.</summary>
public sealed class ScriptLaunchesTests
{
    private static RunScript Run(string program, long runId) =>
        new("chk", [program], null, null, TimeSpan.FromSeconds(5), runId);

    private static async Task<DriverInput.ScriptDone> Next(DriverInbox inbox)
    {
        for (int i = 0; i < 500; i++)
        {
            if (inbox.TryTake(out var input))
                return Assert.IsType<DriverInput.ScriptDone>(input);
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("no outcome within 10 s");
    }

    [Fact]
    public async Task An_outcome_comes_back_with_the_run_id_in_a_reused_input()
    {
        using var inbox = new DriverInbox();
        var notStarted = new ConcurrentQueue<(string Script, string Why)>();
        var launches = new ScriptLaunches(inbox, (script, why) => notStarted.Enqueue((script, why)));

        launches.Start(Run("/bin/true", 7), requireSecure: false);
        var first = await Next(inbox);
        Assert.Equal(("chk", 7L, ScriptOutcome.Exited, 0),
            (first.Completion.Script, first.Completion.RunId, first.Completion.Outcome, first.Completion.ExitCode));
        Assert.Empty(notStarted);
        launches.Return(first);
        Assert.Equal(1, launches.FreeInputs);

        // Another command for the same script (as after a reload): its own launch, and the same input object.
        launches.Start(Run("/nonexistent/chk", 8), requireSecure: false);
        var second = await Next(inbox);
        Assert.Same(first, second);
        Assert.Equal(("chk", 8L, ScriptOutcome.CouldNotStart),
            (second.Completion.Script, second.Completion.RunId, second.Completion.Outcome));
        var (script, why) = Assert.Single(notStarted);
        Assert.Equal("chk", script);
        Assert.Contains("/nonexistent/chk", why);
    }
}
