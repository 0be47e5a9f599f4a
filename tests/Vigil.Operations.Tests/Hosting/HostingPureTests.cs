using Vigil.Core.Primitives;
using Vigil.Operations.Hosting;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Hosting;

public sealed class HostingPureTests
{
    [Fact]
    public void The_status_line_lists_few_instances_and_counts_many()
    {
        Assert.Equal("VI_1 BACKUP, VI_2 MASTER, VI_3 FAULT", StatusLine.For(Fixtures.Snapshot().Engine));

        var many = Enumerable.Range(1, 10).Select(i => Fixtures.Backup() with
        {
            Name = $"VI_{i}",
            State = i <= 3 ? VrrpState.Master : VrrpState.Backup,
        }).ToArray();
        Assert.Equal("10 instances: 7 BACKUP, 3 MASTER", StatusLine.For(Fixtures.Snapshot(many).Engine));
        Assert.Equal("no VRRP instances configured", StatusLine.For(Fixtures.Snapshot().Engine with { Instances = [] }));
    }

    [Fact]
    public void Inference_counts_one_new_run_exactly_and_does_not_guess_the_others()
    {
        var recorder = new ScriptRunRecorder();
        var inference = new ScriptRunInference(recorder);
        var script = Fixtures.Script();

        inference.Observe([script with { Runs = 5 }]);                                         // history before we looked
        inference.Observe([script with { Runs = 6, LastOutcome = "exited", LastExitStatus = 0, LastDurationMs = 3 }]);
        inference.Observe([script with { Runs = 6, LastOutcome = "exited", LastExitStatus = 0, LastDurationMs = 3 }]); // nothing new
        inference.Observe([script with { Runs = 9, LastOutcome = "timed_out", LastExitStatus = null, LastDurationMs = 2000 }]);

        var (runs, durations) = recorder.Snapshot("chk_app");
        Assert.Equal([1L, 0, 1, 0], runs);                // success, failure, timeout, error
        Assert.Equal(2, durations.Count);
        Assert.Equal(2, inference.UnattributedRuns);
    }

    [Fact]
    public void Inference_restarts_counting_after_a_reload_resets_runs()
    {
        var recorder = new ScriptRunRecorder();
        var inference = new ScriptRunInference(recorder);
        var script = Fixtures.Script() with { LastOutcome = "exited", LastExitStatus = 1 };

        inference.Observe([script with { Runs = 10 }]);
        inference.Observe([script with { Runs = 0 }]);
        inference.Observe([script with { Runs = 1 }]);

        Assert.Equal([0L, 1, 0, 0], recorder.Snapshot("chk_app").Runs);
    }
}
