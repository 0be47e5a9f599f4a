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
    IReadOnlyDictionary<string, long> Dropped);
