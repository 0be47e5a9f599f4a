using System.Collections.Concurrent;

namespace Vigil.Daemon;

/// <summary>
/// Taking over many VIPs asks for thousands of gratuitous ARPs and neighbour advertisements at once; sent on the
/// loop they held the next adverts back by up to 230 ms at 1,000 instances (bench/scale). The first
/// <see cref="InlinePerTurn"/> of each loop turn still go out at once, so a small cluster's first announcement
/// follows its advert within microseconds as before; the rest go out in order on this sender's own thread.
/// </summary>
internal sealed class AnnounceOffload : IDisposable
{
    public const int InlinePerTurn = 16;

    // Bounded: a burst beyond this is dropped and counted rather than held in memory (each VIP is announced
    // again at the next repeat or refresh).
    private readonly BlockingCollection<Action> _queue = new(boundedCapacity: 65_536);
    private readonly Thread _thread;
    private int _inlineLeft = InlinePerTurn;
    private long _dropped;

    public AnnounceOffload()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil-announce" };
        _thread.Start();
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Called by the loop before it carries out a turn's effects.</summary>
    public void NewTurn() => _inlineLeft = InlinePerTurn;

    /// <summary>True while this turn may still send on the loop itself.</summary>
    public bool TakeInline() => _inlineLeft-- > 0;

    /// <summary>Queues a send for the sender's thread; false (and counted) when the queue is full or closed.</summary>
    public bool Queue(Action send)
    {
        if (!_queue.IsAddingCompleted && _queue.TryAdd(send))
            return true;
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private void Run()
    {
        foreach (var send in _queue.GetConsumingEnumerable())
            send();
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(1));
        _queue.Dispose();
    }
}
