namespace Vigil.Core.Protocol;

/// <summary>auth_hmac <c>mode</c>: enforce signs and demands a trailer; permissive signs and accepts adverts without
/// one; receive-only accepts adverts without one and signs nothing (a present trailer must verify in every
/// mode).</summary>
public enum HmacMode
{
    Enforce,
    Permissive,
    ReceiveOnly,
}

/// <summary>auth_hmac <c>anti_replay</c>: time adds a freshness window (synchronised clocks); monotonic only demands
/// growing sequences.</summary>
public enum HmacAntiReplay
{
    Time,
    Monotonic,
}
