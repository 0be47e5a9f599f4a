namespace Vigil.Simulation;

/// <summary>FNV-1a over the trace's values: two runs of one seed must give the same hash.</summary>
public struct TraceHash
{
    private ulong hash;

    public TraceHash() => hash = 14695981039346656037UL;

    public readonly ulong Value => hash;

    public void Add(long value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (i * 8));
            hash *= 1099511628211UL;
        }
    }

    public void Add(string value)
    {
        foreach (var c in value)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        Add(value.Length);
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
    }
}
