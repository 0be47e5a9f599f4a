using Vigil.Linux.Signals;

namespace Vigil.Cli;

/// <summary>keepalived's signal functions (`keepalived --signum=NAME`) and their numbers, the same on this machine
/// as keepalived 2.2.7 and 2.4.3 print them: RELOAD 1, STOP 15, DATA 10, STATS 12, JSON SIGRTMIN+2 (36),
/// STATS_CLEAR SIGRTMAX-1 (63). Tools such as keepalived-exporter ask for the number rather than assume it.</summary>
public static class KeepalivedSignals
{
    public const int Reload = 1;
    public const int Stop = 15;
    public const int Data = 10;
    public const int Stats = 12;

    public static int Json => RealtimeSignals.Min + 2;

    public static int StatsClear => RealtimeSignals.Max - 1;

    /// <summary>The names in the order keepalived's help lists them.</summary>
    public static readonly string[] Names = ["STOP", "RELOAD", "DATA", "STATS", "STATS_CLEAR", "JSON"];

    /// <summary>The number of a signal function, or null for a name keepalived does not know (names are
    /// case-sensitive, as keepalived's; TDATA needs a keepalived built with thread dumps and Vigil has none).</summary>
    public static int? Number(string name) => name switch
    {
        "STOP" => Stop,
        "RELOAD" => Reload,
        "DATA" => Data,
        "STATS" => Stats,
        "STATS_CLEAR" => StatsClear,
        "JSON" => Json,
        _ => null,
    };
}
