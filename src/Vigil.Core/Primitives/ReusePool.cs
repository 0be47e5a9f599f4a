namespace Vigil.Core.Primitives;

/// <summary>
/// Objects handed between threads and reused rather than allocated: received packets and script outcomes on their
/// way to the loop, the spawner's run records. One new object per advert or per script run was a collection every
/// few seconds, and each collection brings the binary's unwind tables and the collector's code back into the
/// resident set (bench/README.md). Rented on any thread, returned by whoever is done with the object. At most
/// <c>kept</c> are kept: a burst beyond that allocates, and the surplus is garbage once used.
/// </summary>
/// <param name="create">Makes an object when none is free.</param>
public class ReusePool<T>(int kept, Func<T> create) where T : class
{
    private readonly Stack<T> _free = new();

    public T Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var item))
                return item;
        }
        return create();
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
