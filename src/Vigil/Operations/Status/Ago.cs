using System.Globalization;

namespace Vigil.Operations.Status;

/// <summary>How long ago a time of the status document was, short enough for a table column.</summary>
internal static class Ago
{
    /// <summary>"3s", "4m12s", "2h05m", "3d04h".</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
            : span.TotalHours < 24 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : $"{(int)span.TotalDays}d{span.Hours:00}h";
    }

    /// <summary>A document time (ISO 8601 UTC), or null when it is missing or unreadable: the table then shows
    /// "-".</summary>
    public static DateTimeOffset? Parse(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;
}
