using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// One instance's anti-replay state: the last sequence accepted from each source address. A sequence must come after
/// it (serial order). With <c>anti_replay time</c> the sequence must also lie within <c>time_window</c> seconds of our
/// clock (else stale), and a mark that has fallen outside the window is forgotten, so a sender whose clock was
/// stepped and corrected is accepted again once its adverts are fresh (keepalived 2.4.3); with <c>monotonic</c> the
/// mark is kept. A new source allocates once; checking allocates nothing.
/// </summary>
public sealed class HmacReplayWindow
{
    // Empty until the first signed advert: most instances never see one, and thousands of them each held two arrays.
    private IpAddressValue[] _sources = [];
    private HmacSequence[] _last = [];
    private int _count;

    public int Count => _count;

    public HmacVerdict Check(
        IpAddressValue source,
        HmacSequence sequence,
        HmacSettings settings,
        long nowUnixMicroseconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var now = HmacSequence.FromUnixMicroseconds(nowUnixMicroseconds);
        bool time = settings.AntiReplay == HmacAntiReplay.Time;
        if (time && Math.Abs((long)sequence.SecondsSince(now)) > settings.TimeWindowSeconds)
        {
            return HmacVerdict.Stale;
        }

        int i = Find(source);
        if (i < 0 || (time && Math.Abs((long)_last[i].SecondsSince(now)) > settings.TimeWindowSeconds))
        {
            return HmacVerdict.Ok;
        }

        return sequence.IsAfter(_last[i]) ? HmacVerdict.Ok : HmacVerdict.Replay;
    }

    /// <summary>Records an accepted advert's sequence as the source's mark.</summary>
    public void Accept(IpAddressValue source, HmacSequence sequence)
    {
        int i = Find(source);
        if (i < 0)
        {
            if (_count == _sources.Length)
            {
                Array.Resize(ref _sources, Math.Max(4, _count * 2));
                Array.Resize(ref _last, Math.Max(4, _count * 2));
            }

            i = _count++;
            _sources[i] = source;
        }

        _last[i] = sequence;
    }

    /// <summary>The mark for <paramref name="source"/>, if any (for status and tests).</summary>
    public bool TryGetLast(IpAddressValue source, out HmacSequence sequence)
    {
        int i = Find(source);
        sequence = i < 0 ? default : _last[i];
        return i >= 0;
    }

    public void Clear() => _count = 0;

    private int Find(IpAddressValue source)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_sources[i] == source)
            {
                return i;
            }
        }

        return -1;
    }
}
