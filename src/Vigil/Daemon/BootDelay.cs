using System.Globalization;
using Vigil.Config.Model;

namespace Vigil.Daemon;

/// <summary>`vrrp_delay_after_boot` (keepalived 2.3+): the instances wait until the system has been up that long,
/// so a daemon started at boot does not win an election before the network (bonds) settles, while a restart later
/// starts at once. keepalived uses the longer of this wait and `vrrp_startup_delay`; so does this, by turning it
/// into the start-up delay the engine already applies on the first load.</summary>
public static class BootDelay
{
    /// <summary>The configuration with <c>vrrp_startup_delay</c> raised to what remains of the boot delay.</summary>
    public static VigilConfig Apply(VigilConfig config, TimeSpan uptime)
    {
        ArgumentNullException.ThrowIfNull(config);
        var wanted = config.Global.DelayAfterBootMs;
        if (wanted <= 0)
            return config;
        var remaining = (int)Math.Min(int.MaxValue, Math.Max(0, Math.Ceiling(wanted - uptime.TotalMilliseconds)));
        return remaining > config.Global.StartupDelayMs
            ? config with { Global = config.Global with { StartupDelayMs = remaining } }
            : config;
    }

    /// <summary>The system's uptime from /proc/uptime (CLOCK_BOOTTIME, which counts suspended time as keepalived's
    /// does), or null when it cannot be read.</summary>
    public static TimeSpan? Uptime()
    {
        try
        {
            var first = File.ReadAllText("/proc/uptime").Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                ? TimeSpan.FromSeconds(s)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
