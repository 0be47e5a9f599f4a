namespace Vigil.Core.Protocol;

/// <summary>
/// The sender's sequence: the clock's, unless that is not after the last one sent (same instant, or the clock
/// stepped back), then the last plus one, so it always grows. With <c>anti_replay time</c> a last sequence that ran
/// more than <c>time_window</c> ahead of the clock (a forward step since corrected) is abandoned for the clock, as
/// keepalived 2.4.3 does, since receivers would reject it as stale anyway.
/// </summary>
public sealed class HmacSequencer
{
    private HmacSequence _last;
    private bool _started;

    public HmacSequence Last => _last;

    public HmacSequence Next(long nowUnixMicroseconds, HmacSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var next = HmacSequence.FromUnixMicroseconds(nowUnixMicroseconds);
        if (_started && !next.IsAfter(_last))
        {
            bool abandon = settings.AntiReplay == HmacAntiReplay.Time
                && _last.SecondsSince(next) > settings.TimeWindowSeconds;
            if (!abandon)
            {
                next = _last.Next();
            }
        }

        _last = next;
        _started = true;
        return next;
    }
}
