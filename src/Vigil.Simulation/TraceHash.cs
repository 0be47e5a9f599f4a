namespace Vigil.Simulation;

/// <summary>FNV-1a over the trace's values: two runs of one seed must give the same hash.</summary>
public struct TraceHash
{
    private ulong _hash;

    public TraceHash() => _hash = 14695981039346656037UL;

    public readonly ulong Value => _hash;

    public void Add(long value)
    {
        for (var i = 0; i < 8; i++)
        {
            _hash ^= (byte)(value >> (i * 8));
            _hash *= 1099511628211UL;
        }
    }

    public void Add(string value)
    {
        foreach (var c in value)
        {
            _hash ^= c;
            _hash *= 1099511628211UL;
        }

        Add(value.Length);
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _hash ^= b;
            _hash *= 1099511628211UL;
        }
    }
}
