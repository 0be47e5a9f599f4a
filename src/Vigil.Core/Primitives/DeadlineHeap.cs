namespace Vigil.Core.Primitives;

/// <summary>Something with one deadline that a <see cref="DeadlineHeap{T}"/> keeps in order. The heap writes
/// <see cref="HeapSlot"/>; it must start at -1.</summary>
public interface IHasDeadline
{
    MonotonicTime Deadline { get; }

    int HeapSlot { get; set; }
}

/// <summary>
/// An indexed binary min-heap of items by their <see cref="IHasDeadline.Deadline"/>: the earliest is read in O(1),
/// a moved deadline is re-placed in O(log n), and the items due at a time are found without looking at the others.
/// It replaces a scan of every instance on each wake-up, which at thousands of instances cost more than the adverts
/// it sent. Each item knows its own slot, so nothing stale stays behind when a deadline moves.
/// </summary>
public sealed class DeadlineHeap<T>
    where T : class, IHasDeadline
{
    // The deadline sits beside each item, so ordering compares the array alone: reading it through each item cost a
    // cache miss per comparison once the loop had been idle between rounds.
    private (MonotonicTime Deadline, T Item)[] _items = new (MonotonicTime, T)[16];

    public int Count { get; private set; }

    /// <summary>The earliest deadline held; <see cref="MonotonicTime.Never"/> when empty.</summary>
    public MonotonicTime Min => Count == 0 ? MonotonicTime.Never : _items[0].Deadline;

    public bool Contains(T item) => item.HeapSlot >= 0 && item.HeapSlot < Count && _items[item.HeapSlot].Item == item;

    /// <summary>Places <paramref name="item"/> by its current deadline: adds it, moves it, or takes it out when its
    /// deadline is <see cref="MonotonicTime.Never"/>.</summary>
    public void Update(T item)
    {
        var deadline = item.Deadline;
        if (!Contains(item))
        {
            if (!deadline.IsNever)
            {
                Insert(item);
            }

            return;
        }

        if (deadline.IsNever)
        {
            Remove(item);
            return;
        }

        int slot = item.HeapSlot;
        _items[slot].Deadline = deadline;
        if (slot > 0 && deadline < _items[(slot - 1) / 2].Deadline)
        {
            SiftUp(slot);
        }
        else
        {
            SiftDown(slot);
        }
    }

    public void Remove(T item)
    {
        if (!Contains(item))
        {
            return;
        }

        int slot = item.HeapSlot;
        item.HeapSlot = -1;
        Count--;
        if (slot == Count)
        {
            _items[Count] = default;
            return;
        }

        var last = _items[Count];
        _items[Count] = default;
        Place(last, slot);
        if (slot > 0 && last.Deadline < _items[(slot - 1) / 2].Deadline)
        {
            SiftUp(slot);
        }
        else
        {
            SiftDown(slot);
        }
    }

    public void Clear()
    {
        for (int i = 0; i < Count; i++)
        {
            _items[i].Item.HeapSlot = -1;
            _items[i] = default;
        }

        Count = 0;
    }

    /// <summary>Appends every item due at <paramref name="now"/> (deadline at or before it) to
    /// <paramref name="into"/>, in no particular order. Only the due items and their children are looked at.</summary>
    public void CollectDue(MonotonicTime now, List<T> into)
    {
        if (Count == 0 || _items[0].Deadline > now)
        {
            return;
        }

        // Depth first with an explicit stack: a subtree whose root is not due holds nothing due. The stack holds at
        // most one waiting sibling per level plus two children, and a heap of int.MaxValue items has 31 levels.
        Span<int> stack = stackalloc int[64];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int slot = stack[--top];
            into.Add(_items[slot].Item);
            for (int child = 2 * slot + 1; child <= 2 * slot + 2 && child < Count; child++)
            {
                if (_items[child].Deadline <= now)
                {
                    stack[top++] = child;
                }
            }
        }
    }

    private void Insert(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        Place((item.Deadline, item), Count);
        Count++;
        SiftUp(item.HeapSlot);
    }

    private void SiftUp(int slot)
    {
        var entry = _items[slot];
        var deadline = entry.Deadline;
        while (slot > 0)
        {
            int parent = (slot - 1) / 2;
            if (_items[parent].Deadline <= deadline)
            {
                break;
            }

            Place(_items[parent], slot);
            slot = parent;
        }

        Place(entry, slot);
    }

    private void SiftDown(int slot)
    {
        var entry = _items[slot];
        var deadline = entry.Deadline;
        while (true)
        {
            int child = 2 * slot + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _items[child + 1].Deadline < _items[child].Deadline)
            {
                child++;
            }

            if (_items[child].Deadline >= deadline)
            {
                break;
            }

            Place(_items[child], slot);
            slot = child;
        }

        Place(entry, slot);
    }

    private void Place((MonotonicTime Deadline, T Item) entry, int slot)
    {
        _items[slot] = entry;
        entry.Item.HeapSlot = slot;
    }
}
