namespace Vigil.Core.Protocol;

/// <summary>What the auth_hmac checks say of one received advert (keepalived 2.4.3's auth_ext_* counters).</summary>
public enum HmacVerdict
{
    Ok,

    /// <summary>No trailer: accepted in the migration modes, dropped by <c>enforce</c>.</summary>
    Missing,

    /// <summary>A trailer of the right length whose type is not 1 or whose reserved bytes are set.</summary>
    Malformed,

    UnknownKey,

    InvalidHmac,

    /// <summary><c>anti_replay time</c>: the sequence's seconds are more than <c>time_window</c> from our
    /// clock.</summary>
    Stale,

    /// <summary>The sequence is not after the last one accepted from that source.</summary>
    Replay,
}
