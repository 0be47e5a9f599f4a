namespace Vigil.Daemon;

/// <summary>
/// Loop inputs in use between a producer thread and the loop, reused rather than allocated: a new input per advert
/// or per script run was a collection every few seconds, and each collection brings the binary's unwind tables and
/// the collector's code back into the resident set (bench/README.md). Rented on the producer's thread, returned by
/// the loop once handled. At most <c>kept</c> are kept: a burst beyond that allocates, and the surplus is garbage
/// once handled.
/// </summary>
public class InputPool<T>(int kept) where T : class, new()
{
    private readonly Stack<T> _free = new();

    public T Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var item))
                return item;
        }
        return new T();
    }

    /// <summary>The caller must not touch <paramref name="item"/> afterwards.</summary>
    public void Return(T item)
    {
        if (!Keeps(item))
            return;
        lock (_free)
        {
            if (_free.Count < kept)
                _free.Push(item);
        }
    }

    public int Free
    {
        get
        {
            lock (_free)
                return _free.Count;
        }
    }

    /// <summary>False for an item not worth keeping (one that grew too large).</summary>
    protected virtual bool Keeps(T item) => true;
}
