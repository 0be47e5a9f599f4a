using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Status;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>The figures /metrics reads (copied on the loop into a reused buffer) say what the full status says, and
/// the buffer is reused rather than remade.</summary>
public sealed class StatusFiguresTests
{
    private static EngineHarness Harness() => new(Cluster(
            Instance("VI_1", 51, 150, "198.51.100.1/24", "198.51.100.2/32") with
            {
                TrackScripts = [Track("chk", -20)],
            },
            Instance("VI_2", 52, 100),
            Instance("VI_3", 53, 120, "198.51.100.3/24"))
        .WithScripts(Script("chk", -20)));

    private static void AssertSame(InstanceFigures expected, InstanceFigures actual)
    {
        Assert.Equal(expected.Trackers, actual.Trackers);
        Assert.Equal(expected.VirtualIpAddresses, actual.VirtualIpAddresses);
        Assert.Equal(expected.Dropped, actual.Dropped);
        // The rest field by field, with the collections made equal first.
        Assert.Equal(expected with { }, actual with
        {
            Trackers = expected.Trackers,
            VirtualIpAddresses = expected.VirtualIpAddresses,
            Dropped = expected.Dropped,
        });
    }

    [Fact]
    public void Figures_say_what_the_status_says()
    {
        var h = Harness();
        h.Advance(TimeSpan.FromSeconds(5));
        var run = h.Take().OfType<RunScript>().Last();
        h.Engine.OnScriptCompleted(ScriptCompletion.Exit("chk", run.RunId, 1, TimeSpan.FromMilliseconds(3)), h.Now);
        h.Advance(TimeSpan.FromSeconds(1));
        var buffer = Array.Empty<InstanceFigures>();

        var count = h.Engine.CopyFigures(ref buffer);

        var status = h.Engine.GetStatus().Instances;
        Assert.Equal(status.Count, count);
        for (var i = 0; i < count; i++)
            AssertSame(InstanceFigures.From(status[i]), buffer[i]);
        Assert.Equal(-20, buffer[0].Trackers.Single(t => t.Kind == "script").Contribution);
        Assert.Equal(130, buffer[0].EffectivePriority);
    }

    [Fact]
    public void The_buffer_and_its_tracker_arrays_are_reused_and_a_shorter_list_clears_the_rest()
    {
        var h = Harness();
        h.Advance(TimeSpan.FromSeconds(5));
        var buffer = new InstanceFigures[8];
        var first = buffer;
        h.Engine.CopyFigures(ref buffer);
        var trackers = buffer[0].Trackers;

        h.Engine.CopyFigures(ref buffer);
        Assert.Same(first, buffer);
        Assert.Same(trackers, buffer[0].Trackers);

        var config = h.Engine.Config!;
        h.Engine.Load(config with { Instances = config.Instances.Take(1).ToArray() }, h.Now);
        Assert.Equal(1, h.Engine.CopyFigures(ref buffer));
        Assert.Null(buffer[1].Name);
        Assert.Null(buffer[2].Trackers);
    }

    [Fact]
    public void A_buffer_too_small_grows_and_the_summary_has_everything_but_the_instances()
    {
        var h = Harness();
        var buffer = new InstanceFigures[1];

        Assert.Equal(3, h.Engine.CopyFigures(ref buffer));
        Assert.Equal(["VI_1", "VI_2", "VI_3"], buffer.Take(3).Select(f => f.Name));
        var summary = h.Engine.GetSummary();
        Assert.Empty(summary.Instances);
        Assert.Equal("chk", Assert.Single(summary.Scripts).Name);
    }
}
