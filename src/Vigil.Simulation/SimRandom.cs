namespace Vigil.Simulation;

/// <summary>SplitMix64: a tiny generator whose sequence is fixed forever (unlike System.Random across runtime
/// versions), so a seed replays exactly. Every random choice of a simulation comes from one of these.</summary>
public sealed class SimRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [min, max).</summary>
    public int Next(int min, int max) => max <= min ? min : min + (int)(NextULong() % (ulong)(max - min));

    public long NextLong(long min, long max) => max <= min ? min : min + (long)(NextULong() % (ulong)(max - min));

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => probability > 0 && NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>An independent stream (for a host or a segment) derived from this one.</summary>
    public SimRandom Fork() => new(NextULong());
}
