using Vigil.Engine;
using Vigil.Engine.Status;

namespace Vigil.Operations.Metrics;

/// <summary>The instances' figures for one scrape, in an array kept from scrape to scrape: the loop fills it
/// (<see cref="VrrpEngine.CopyFigures"/>), the renderer reads it on another thread once the loop has
/// answered.</summary>
public sealed class FiguresBuffer
{
    private InstanceFigures[] _items = [];

    public int Count { get; private set; }

    public ref readonly InstanceFigures this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _items[index];
        }
    }

    /// <summary>On the loop only.</summary>
    public void CopyFrom(VrrpEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Count = engine.CopyFigures(ref _items);
    }

    /// <summary>From full status records (a snapshot already taken, tests).</summary>
    public void CopyFrom(IReadOnlyList<InstanceStatus> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (_items.Length < instances.Count)
            _items = new InstanceFigures[instances.Count];
        for (var i = 0; i < instances.Count; i++)
            _items[i] = InstanceFigures.From(instances[i]);
        Array.Clear(_items, instances.Count, _items.Length - instances.Count);
        Count = instances.Count;
    }
}
