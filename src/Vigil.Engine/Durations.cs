namespace Vigil.Engine;

/// <summary>Spans shown as whole milliseconds (status fields, log lines), truncated exactly as the integer
/// microsecond values were divided before.</summary>
internal static class Durations
{
    public static int Milliseconds(TimeSpan span) => (int)(span.Ticks / TimeSpan.TicksPerMillisecond);
}
