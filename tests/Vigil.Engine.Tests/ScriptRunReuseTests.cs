using Vigil.Config.Model;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>A run's effect handed back by the driver is reused for the same script's next run, only while it says
/// exactly what that run would (a reload may change the command).</summary>
public sealed class ScriptRunReuseTests
{
    private static VigilConfig WithScript(VrrpScriptConfig script) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { TrackScripts = [Track("chk", -20)] })
            .WithScripts(script);

    private static RunScript Complete(EngineHarness h, RunScript run)
    {
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 0, TimeSpan.FromMilliseconds(3)), h.Now);
        return run;
    }

    [Fact]
    public void A_handed_back_run_carries_the_next_run_with_a_new_id()
    {
        var h = new EngineHarness(WithScript(Script("chk", -20)));
        var first = Complete(h, h.Take().OfType<RunScript>().Single());
        long firstId = first.RunId;
        h.Engine.Recycle(first);
        h.Advance(TimeSpan.FromSeconds(1));
        var second = h.Take().OfType<RunScript>().Single();
        Assert.Same(first, second);
        Assert.True(second.RunId > firstId);
        Assert.Equal(["/usr/local/bin/chk"], second.Argv);

        // Its completion is taken as the new run's; the old id no longer is.
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", firstId, 1, TimeSpan.Zero), h.Now);
        Assert.Equal(1, h.Engine.GetStatus().Scripts.Single().Runs);
        Complete(h, second);
        Assert.Equal(2, h.Engine.GetStatus().Scripts.Single().Runs);
    }

    [Fact]
    public void Without_a_hand_back_every_run_is_a_new_effect()
    {
        var h = new EngineHarness(WithScript(Script("chk", -20)));
        var first = Complete(h, h.Take().OfType<RunScript>().Single());
        h.Advance(TimeSpan.FromSeconds(1));
        var second = h.Take().OfType<RunScript>().Single();
        Assert.NotSame(first, second);
        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public void A_reload_that_changes_the_command_or_timeout_gets_a_new_effect()
    {
        var h = new EngineHarness(WithScript(Script("chk", -20)));
        var first = Complete(h, h.Take().OfType<RunScript>().Single());
        h.Engine.Recycle(first);
        var changed = Script("chk", -20) with { Command = ["/usr/local/bin/chk", "--deep"], TimeoutMs = 500 };
        h.Engine.Load(WithScript(changed), h.Now);
        h.Advance(TimeSpan.FromSeconds(2));
        var next = h.Take().OfType<RunScript>().First();
        Assert.NotSame(first, next);
        Assert.Equal(["/usr/local/bin/chk", "--deep"], next.Argv);
        Assert.Equal(TimeSpan.FromMilliseconds(500), next.Timeout);
        Assert.Equal(["/usr/local/bin/chk"], first.Argv);
    }
}
