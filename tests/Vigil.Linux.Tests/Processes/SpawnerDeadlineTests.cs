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
        long holds = ChildSupervisor.Shared.Holds;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3 / 1000;
        try
        {
            ScriptRunner.PublishLoopDeadline(deadline);
            var outcome = await ScriptRunner.RunAsync(new ScriptLaunch(["/bin/true"]), TimeSpan.FromSeconds(5));
            Assert.Equal(ScriptOutcome.Exited, outcome.Kind);
            Assert.True(ChildSupervisor.Shared.Holds > holds, "the start was not held");
            Assert.True(Stopwatch.GetTimestamp() > deadline);
        }
        finally
        {
            ScriptRunner.PublishLoopDeadline(long.MaxValue);
        }

        // With no deadline published, a lone start is not held.
        holds = ChildSupervisor.Shared.Holds;
        var again = await ScriptRunner.RunAsync(new ScriptLaunch(["/bin/true"]), TimeSpan.FromSeconds(5));
        Assert.Equal(ScriptOutcome.Exited, again.Kind);
        Assert.Equal(holds, ChildSupervisor.Shared.Holds);
    }
}
