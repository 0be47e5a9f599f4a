namespace Vigil.Engine;

/// <summary>
/// A burst (start-up, a reload or a mass failover of thousands of instances) grows an effect list to tens of
/// thousands of entries, and a <see cref="List{T}"/> never gives its array back: at 4,000 instances the engine's
/// buffer and the pump's batch kept 512 KB each for the daemon's whole life. Once a burst has been carried out and
/// the list is empty again, it goes back to a size that a steady round of adverts fits in. A later burst grows it
/// again; bursts are rare, so that costs nothing a steady daemon would notice.
/// </summary>
public static class EffectBuffers
{
    /// <summary>Large enough for a round of adverts (about 50) with their log lines, many times over.</summary>
    public const int SteadyCapacity = 256;

    /// <summary>Above this (32 KB of references) an empty list is shrunk.</summary>
    public const int TrimAbove = 4096;

    public static void TrimAfterBurst<T>(List<T> list)
    {
        if (list.Count == 0 && list.Capacity > TrimAbove)
            list.Capacity = SteadyCapacity;
    }
}
