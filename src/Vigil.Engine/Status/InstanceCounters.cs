namespace Vigil.Engine.Status;

/// <summary>Per-instance counters (keepalived's SIGUSR2 names). <see cref="Dropped"/> maps a drop reason
/// (snake_case, as in <c>vigil status</c>) to its count; only reasons seen at least once appear.</summary>
public sealed record InstanceCounters(
    long AdvertsReceived,
    long AdvertsSent,
    long BecomeMaster,
    long ReleaseMaster,
    long PriorityZeroReceived,
    long PriorityZeroSent,
    IReadOnlyDictionary<string, long> Dropped)
{
    /// <summary>Lower-priority adverts a MASTER left unanswered (at most one answer per advert interval).</summary>
    public long LowerPriorityAnswersSuppressed { get; init; }

    /// <summary>Protocol log lines refused by the instance's log rate limit.</summary>
    public long LogLinesSuppressed { get; init; }

    /// <summary>Times a BACKUP shortened its timer because the master it follows advertised a lower priority.</summary>
    public long FastHandovers { get; init; }

    /// <summary>VIPs the kernel removed while the instance was MASTER, added back.</summary>
    public long VipsRestored { get; init; }

    /// <summary>Route and rule changes of this instance the kernel refused.</summary>
    public long RouteFailures { get; init; }

    /// <summary>auth_hmac: adverts accepted with a verified trailer (its drops are the auth_ext_* entries of
    /// <see cref="Dropped"/>: missing, malformed, unknown key, invalid HMAC, stale, replay).</summary>
    public long AuthHmacVerified { get; init; }

    /// <summary>auth_hmac permissive / receive-only: adverts accepted without a trailer (a peer not signing
    /// yet).</summary>
    public long AuthHmacUnsignedAccepted { get; init; }
}
