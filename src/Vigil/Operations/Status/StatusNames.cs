using System.Globalization;
using Vigil.Core.Primitives;

namespace Vigil.Operations.Status;

/// <summary>The spellings of docs/status-json.md: states in capitals, families in lower case, UTC times in ISO
/// 8601.</summary>
public static class StatusNames
{
    /// <summary>The engine's own spelling, the one its log lines and notify arguments use.</summary>
    public static string State(VrrpState state) => Engine.VrrpEngine.StateName(state);

    public static string Script(ScriptState state) => state switch
    {
        ScriptState.Ok => "OK",
        ScriptState.Ko => "KO",
        _ => "INIT",
    };

    public static string Family(IpFamily family) => family == IpFamily.IPv6 ? "ipv6" : "ipv4";

    /// <summary>UTC, millisecond precision, 'Z' suffix: sortable, and precise enough to time a takeover.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
