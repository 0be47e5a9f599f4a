using CsCheck;
using Vigil.Core.Primitives;
using Xunit;

namespace Vigil.Core.Tests.Primitives;

/// <summary>The heap against a plain list of items: after any sequence of moves, removals and clears, its minimum
/// and its due set are what a scan of every item gives.</summary>
public class DeadlineHeapTests
{
    private sealed class Item(int id) : IHasDeadline
    {
        public int Id { get; } = id;
        public MonotonicTime Deadline { get; set; } = MonotonicTime.Never;
        public int HeapSlot { get; set; } = -1;
    }

    [Fact]
    public void Min_and_due_items_match_a_scan_after_any_sequence_of_changes()
    {
        // An operation: (item, kind, time). kind 0-5 moves the deadline, 6 disarms it, 7 removes, 8 clears.
        var op = Gen.Select(Gen.Int[0, 39], Gen.Int[0, 8], Gen.Long[0, 50]);
        Gen.Select(op.Array[1, 200], Gen.Long[0, 50]).Sample((ops, probe) =>
        {
            var items = Enumerable.Range(0, 40).Select(i => new Item(i)).ToArray();
            var held = new HashSet<Item>();
            var heap = new DeadlineHeap<Item>();
            foreach (var (index, kind, time) in ops)
            {
                var item = items[index];
                switch (kind)
                {
                    case 6:
                        item.Deadline = MonotonicTime.Never;
                        heap.Update(item);
                        held.Remove(item);
                        break;
                    case 7:
                        heap.Remove(item);
                        held.Remove(item);
                        break;
                    case 8:
                        heap.Clear();
                        held.Clear();
                        break;
                    default:
                        item.Deadline = new MonotonicTime(time);
                        heap.Update(item);
                        held.Add(item);
                        break;
                }

                var expectedMin = held.Count == 0 ? MonotonicTime.Never : held.Min(i => i.Deadline);
                Assert.Equal(expectedMin, heap.Min);
                Assert.Equal(held.Count, heap.Count);
            }

            var due = new List<Item>();
            heap.CollectDue(new MonotonicTime(probe), due);
            var expected = held.Where(i => i.Deadline.Microseconds <= probe).Select(i => i.Id).Order();
            Assert.Equal(expected, due.Select(i => i.Id).Order());
            Assert.All(items, i => Assert.Equal(held.Contains(i), heap.Contains(i)));
        });
    }

    [Fact]
    public void Thousands_of_items_due_together_are_all_collected()
    {
        var heap = new DeadlineHeap<Item>();
        var items = Enumerable.Range(0, 5000).Select(i => new Item(i) { Deadline = new MonotonicTime(i % 3) }).ToList();
        items.ForEach(heap.Update);

        var due = new List<Item>();
        heap.CollectDue(new MonotonicTime(1), due);

        Assert.Equal(items.Count(i => i.Deadline.Microseconds <= 1), due.Count);
        Assert.Equal(due.Count, due.Distinct().Count());
        Assert.Equal(new MonotonicTime(0), heap.Min);
    }

    [Fact]
    public void An_item_of_a_cleared_heap_is_added_again_by_its_next_move()
    {
        var heap = new DeadlineHeap<Item>();
        var item = new Item(1) { Deadline = new MonotonicTime(5) };
        heap.Update(item);
        heap.Clear();

        Assert.False(heap.Contains(item));
        Assert.Equal(-1, item.HeapSlot);

        item.Deadline = new MonotonicTime(7);
        heap.Update(item);
        Assert.Equal(new MonotonicTime(7), heap.Min);
    }
}
