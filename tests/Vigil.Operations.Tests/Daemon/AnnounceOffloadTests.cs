using Vigil.Daemon;

namespace Vigil.Operations.Tests.Daemon;

/// <summary>The announcement sender: every queued announcement is sent once, in order; a burst beyond the bound is
/// dropped and counted; the queue gives its array back once the burst is out; closing sends what was
/// queued.</summary>
public sealed class AnnounceOffloadTests
{
    [Fact]
    public void A_burst_runs_in_order_and_the_queue_shrinks_back_after_it()
    {
        var seen = new List<int>();
        using var done = new ManualResetEventSlim();
        const int Burst = 20_000;
        using var offload = new AnnounceOffload<int>(n =>
        {
            seen.Add(n);
            if (n == Burst - 1)
                done.Set();
        });
        for (int i = 0; i < Burst; i++)
            Assert.True(offload.Queue(i));
        Assert.True(done.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(Enumerable.Range(0, Burst), seen);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (offload.Reserved > 1024 && DateTime.UtcNow < deadline)
            Thread.Sleep(10);
        Assert.InRange(offload.Reserved, 0, 1024);
        Assert.Equal(0, offload.Dropped);
    }

    [Fact]
    public void Beyond_the_bound_sends_are_dropped_and_counted_and_closing_sends_the_rest()
    {
        using var gate = new ManualResetEventSlim();
        int ran = 0;
        var offload = new AnnounceOffload<bool>(hold =>
        {
            if (hold)
                gate.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
            else
                Interlocked.Increment(ref ran);
        });
        // Holds the sender while the queue fills.
        offload.Queue(true);
        int accepted = 0;
        for (int i = 0; i < 70_000; i++)
        {
            if (offload.Queue(false))
                accepted++;
        }
        Assert.InRange(accepted, 65_535, 65_536);
        Assert.Equal(70_000 - accepted, offload.Dropped);
        gate.Set();
        offload.Dispose();
        Assert.Equal(accepted, Volatile.Read(ref ran));
        Assert.False(offload.Queue(false));
    }
}
