namespace Vigil.Operations.Dumps;

/// <summary>The dumps keepalived writes on a signal (`keepalived --signum=NAME`).</summary>
public enum DumpKind
{
    /// <summary>DATA (SIGUSR1): configuration and state, <c>/tmp/keepalived.data</c>.</summary>
    Data,

    /// <summary>STATS (SIGUSR2): the counters, <c>/tmp/keepalived.stats</c>.</summary>
    Stats,

    /// <summary>STATS_CLEAR: the counters, which then start again from zero in the stats dump.</summary>
    StatsClear,

    /// <summary>JSON: state and counters as JSON, <c>/tmp/keepalived.json</c>.</summary>
    Json,
}
