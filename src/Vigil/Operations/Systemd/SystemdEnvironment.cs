using System.Globalization;

namespace Vigil.Operations.Systemd;

/// <summary>What systemd told this process through its environment (sd_notify(3), sd_watchdog_enabled(3)):
/// where to send notifications and, when <c>WatchdogSec=</c> is set, how often to ping.</summary>
/// <param name="NotifySocket">The NOTIFY_SOCKET value, as given ('@' for an abstract name), or null when not under
/// systemd.</param>
/// <param name="WatchdogTimeout">WATCHDOG_USEC when set and meant for this process (WATCHDOG_PID absent or
/// ours).</param>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout)
{
    public static readonly SystemdEnvironment None = new(null, null);

    /// <summary>systemd's own advice: ping at half the timeout, so one late ping is not yet a failure.</summary>
    public TimeSpan? WatchdogInterval => WatchdogTimeout is { } t ? t / 2 : null;

    /// <summary>Reads the variables through <paramref name="getVariable"/> so tests need not touch the process
    /// environment. A WATCHDOG_PID that names another process means the watchdog belongs to it (a wrapper
    /// started us), so we must not ping.</summary>
    public static SystemdEnvironment Parse(Func<string, string?> getVariable, int ownPid)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var socket = getVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(socket) || (socket[0] != '/' && socket[0] != '@'))
            socket = null; // vsock and other transports are not for us; relative paths are invalid per sd_notify(3)

        TimeSpan? watchdog = null;
        var usecText = getVariable("WATCHDOG_USEC");
        if (ulong.TryParse(usecText, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0)
        {
            var pidText = getVariable("WATCHDOG_PID");
            var forUs = string.IsNullOrEmpty(pidText)
                || (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && pid == ownPid);
            if (forUs)
                watchdog = TimeSpan.FromMicroseconds(Math.Min(usec, (ulong)TimeSpan.MaxValue.TotalMicroseconds));
        }
        return new SystemdEnvironment(socket, watchdog);
    }

    /// <summary>Reads the real environment, then removes the variables so that track and notify scripts
    /// started by the daemon do not inherit them and talk to systemd in our name.</summary>
    public static SystemdEnvironment FromProcess()
    {
        var parsed = Parse(Environment.GetEnvironmentVariable, Environment.ProcessId);
        foreach (var name in (string[])["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"])
            Environment.SetEnvironmentVariable(name, null);
        return parsed;
    }
}
