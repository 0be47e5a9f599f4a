namespace Vigil.Config.Syntax;

/// <summary>`${_RANDOM}` values from a caller-supplied seed (xorshift32), so parsing stays pure and
/// repeatable.</summary>
internal sealed class DeterministicRandom(int seed)
{
    private uint _state = seed == 0 ? 0x9E3779B9u : (uint)seed;

    public int Next(int minInclusive, int maxInclusive)
    {
        _state ^= _state << 13;
        _state ^= _state >> 17;
        _state ^= _state << 5;
        var span = (long)maxInclusive - minInclusive + 1;
        return span <= 0 ? minInclusive : (int)(minInclusive + (long)(_state % (ulong)span));
    }
}
