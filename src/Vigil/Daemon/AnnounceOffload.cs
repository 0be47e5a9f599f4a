namespace Vigil.Daemon;

/// <summary>
/// Taking over many VIPs asks for thousands of gratuitous ARPs and neighbour advertisements at once; sent on the
/// loop they held the next adverts back by up to 230 ms at 1,000 instances (bench/scale). The first
/// <see cref="InlinePerTurn"/> of each loop turn still go out at once, so a small cluster's first announcement
/// follows its advert within microseconds as before; the rest go out in order on this sender's own thread.
/// The queue holds the announcements themselves (<typeparamref name="T"/>, a small value), not a closure for each.
/// </summary>
public sealed class AnnounceOffload<T> : IDisposable
{
    public const int InlinePerTurn = 16;

    // Bounded: a burst beyond this is dropped and counted rather than held in memory (each VIP is announced
    // again at the next repeat or refresh).
    private const int Capacity = 65_536;

    // Emptied after a burst goes back to a small array: a concurrent queue kept the burst's 16,384-slot segment
    // (256 KB at 4,000 instances) for the daemon's whole life. Guarded by its own lock.
    private const int TrimAbove = 1024;
    private readonly Queue<T> _queue = new();
    private readonly Action<T> _send;
    private readonly Thread _thread;
    private bool _closed;
    private int _inlineLeft = InlinePerTurn;
    private long _dropped;

    /// <param name="send">Sends one announcement; runs on the sender's thread.</param>
    public AnnounceOffload(Action<T> send)
    {
        _send = send ?? throw new ArgumentNullException(nameof(send));
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil-announce" };
        _thread.Start();
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Slots the queue holds allocated: back to at most 1,024 once a burst has been sent.</summary>
    public int Reserved
    {
        get
        {
            lock (_queue)
                return _queue.EnsureCapacity(0);
        }
    }

    /// <summary>Called by the loop before it carries out a turn's effects.</summary>
    public void NewTurn() => _inlineLeft = InlinePerTurn;

    /// <summary>True while this turn may still send on the loop itself.</summary>
    public bool TakeInline() => _inlineLeft-- > 0;

    /// <summary>Queues an announcement for the sender's thread; false (and counted) when the queue is full or
    /// closed.</summary>
    public bool Queue(T announcement)
    {
        lock (_queue)
        {
            if (!_closed && _queue.Count < Capacity)
            {
                _queue.Enqueue(announcement);
                if (_queue.Count == 1)
                    Monitor.Pulse(_queue);
                return true;
            }
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    private void Run()
    {
        while (TryNext(out var announcement))
            _send(announcement);
    }

    /// <summary>The next announcement, waiting for one; false once closed and empty.</summary>
    private bool TryNext(out T announcement)
    {
        lock (_queue)
        {
            while (_queue.Count == 0)
            {
                if (_queue.EnsureCapacity(0) > TrimAbove)
                    _queue.TrimExcess();
                if (_closed)
                {
                    announcement = default!;
                    return false;
                }
                Monitor.Wait(_queue);
            }
            announcement = _queue.Dequeue();
            return true;
        }
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            Monitor.Pulse(_queue);
        }
        _thread.Join(TimeSpan.FromSeconds(1));
    }
}
