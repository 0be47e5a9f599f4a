namespace Vigil.Operations.Systemd;

/// <summary>Sends WATCHDOG=1 every half WATCHDOG_USEC, but only while <c>isAlive</c> says the daemon's loop is
/// still turning: a timer thread that pings while the engine is stuck would defeat the watchdog.</summary>
public sealed class WatchdogPinger : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WatchdogPinger(SystemdNotifier notifier, TimeSpan interval, Func<bool> isAlive, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(isAlive);
        if (interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "the watchdog interval must be positive");
        _loop = RunAsync(notifier, interval, isAlive, time ?? TimeProvider.System, _stop.Token);
    }

    /// <summary>How many pings were sent (for tests and the log).</summary>
    public long Pings => Interlocked.Read(ref _pings);

    private long _pings;

    /// <summary>Starts a pinger when systemd asked for one, else returns null.</summary>
    public static WatchdogPinger? StartIfRequested(SystemdNotifier notifier, Func<bool> isAlive)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        return notifier.IsEnabled && notifier.Settings.WatchdogInterval is { } interval
            ? new WatchdogPinger(notifier, interval, isAlive)
            : null;
    }

    private async Task RunAsync(SystemdNotifier notifier, TimeSpan interval, Func<bool> isAlive, TimeProvider time,
        CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            // The first ping goes out at once: a slow start-up must not have eaten half the budget already.
            do
            {
                bool alive;
                try
                {
                    alive = isAlive();
                }
                catch (Exception)
                {
                    alive = false;
                }
                if (alive && notifier.Watchdog())
                    Interlocked.Increment(ref _pings);
            }
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
