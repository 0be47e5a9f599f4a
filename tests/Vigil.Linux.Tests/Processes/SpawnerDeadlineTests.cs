using System.Diagnostics;
using Vigil.Engine.Events;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>The deadline the daemon's loop publishes reaches the shared spawner. In the "Spawner" collection with
/// every other test that starts children in this process, so no other child can be what held the start.</summary>
[Collection("Spawner")]
public sealed class SpawnerDeadlineTests
{
    [Fact]
    public async Task No_script_starts_just_before_the_published_deadline()
    {
        // The start must reach the spawner inside the 4 ms gap before the deadline; on a busy machine this thread
        // may be late for it, so a start that came after the deadline had passed is tried again (never held, it
        // says nothing). Holding that never works fails every attempt.
        var held = false;
        for (var attempt = 0; attempt < 20 && !held; attempt++)
        {
            long holds = ChildSupervisor.Shared.Holds;
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3 / 1000;
            try
            {
                ScriptRunner.PublishLoopDeadline(deadline);
                var outcome = await ScriptRunner.RunAsync(new ScriptLaunch(["/bin/true"]), TimeSpan.FromSeconds(5));
                Assert.Equal(ScriptOutcome.Exited, outcome.Kind);
                held = ChildSupervisor.Shared.Holds > holds;
                if (held)
                    Assert.True(Stopwatch.GetTimestamp() > deadline);
            }
            finally
            {
                ScriptRunner.PublishLoopDeadline(long.MaxValue);
            }
        }
        Assert.True(held, "the start was not held in 20 attempts");

        // With no deadline published, a lone start is not held.
        var before = ChildSupervisor.Shared.Holds;
        var again = await ScriptRunner.RunAsync(new ScriptLaunch(["/bin/true"]), TimeSpan.FromSeconds(5));
        Assert.Equal(ScriptOutcome.Exited, again.Kind);
        Assert.Equal(before, ChildSupervisor.Shared.Holds);
    }
}
