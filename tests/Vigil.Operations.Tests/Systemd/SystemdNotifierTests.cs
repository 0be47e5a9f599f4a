using Vigil.Operations.Systemd;

namespace Vigil.Operations.Tests.Systemd;

public sealed class SystemdNotifierTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static SystemdNotifier NotifierFor(NotifyListener listener) =>
        new(new SystemdEnvironment(listener.NotifySocket, null));

    [Fact]
    public void Ready_with_status_reaches_a_socket_file()
    {
        using var listener = NotifyListener.OnFile();
        using var notifier = NotifierFor(listener);

        Assert.True(notifier.Ready("VI_1 MASTER, VI_2 BACKUP"));

        Assert.Equal("READY=1\nSTATUS=VI_1 MASTER, VI_2 BACKUP", listener.Receive(Wait));
    }

    [Fact]
    public void An_abstract_socket_name_starting_with_at_is_used_as_abstract()
    {
        using var listener = NotifyListener.Abstract();
        using var notifier = NotifierFor(listener);

        Assert.True(notifier.Stopping());

        Assert.Equal("STOPPING=1", listener.Receive(Wait));
    }

    [Fact]
    public void Reloading_carries_the_monotonic_clock_in_microseconds()
    {
        using var listener = NotifyListener.OnFile();
        using var notifier = NotifierFor(listener);
        var before = SystemdNotifier.MonotonicMicroseconds();

        Assert.True(notifier.Reloading());

        var message = listener.Receive(Wait);
        Assert.NotNull(message);
        var lines = message.Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
        var usec = long.Parse(lines[1]["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(usec, before, SystemdNotifier.MonotonicMicroseconds());
    }

    [Fact]
    public void Monotonic_microseconds_follow_the_kernel_monotonic_clock()
    {
        // /proc/uptime counts boot time including suspend; CLOCK_MONOTONIC excludes it, so it is never larger.
        var uptimeSeconds = double.Parse(
            File.ReadAllText("/proc/uptime").Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        var monotonicSeconds = SystemdNotifier.MonotonicMicroseconds() / 1e6;
        Assert.InRange(monotonicSeconds, 0, uptimeSeconds + 1);
    }

    [Fact]
    public void A_status_cannot_inject_another_assignment()
    {
        using var listener = NotifyListener.OnFile();
        using var notifier = NotifierFor(listener);

        notifier.Status("VI_1 MASTER\nREADY=1");

        Assert.Equal("STATUS=VI_1 MASTER READY=1", listener.Receive(Wait));
    }

    [Fact]
    public void Without_notify_socket_nothing_is_sent_and_nothing_throws()
    {
        using var notifier = new SystemdNotifier(SystemdEnvironment.None);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Ready());
        Assert.False(notifier.Watchdog());
    }

    [Fact]
    public void A_vanished_listener_makes_send_return_false_instead_of_throwing()
    {
        string path;
        using (var listener = NotifyListener.OnFile())
            path = listener.NotifySocket;
        using var notifier = new SystemdNotifier(new SystemdEnvironment(path, null));

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.Ready());
    }

    [Theory]
    [InlineData("4000000", null, 4_000_000L)]
    [InlineData("4000000", "4242", 4_000_000L)]
    [InlineData("4000000", "17", null)]
    [InlineData("0", null, null)]
    [InlineData("junk", null, null)]
    [InlineData(null, null, null)]
    public void Watchdog_is_enabled_only_for_this_process(string? usec, string? pid, long? expectedMicroseconds)
    {
        var env = new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = "/run/systemd/notify",
            ["WATCHDOG_USEC"] = usec,
            ["WATCHDOG_PID"] = pid
        };

        var parsed = SystemdEnvironment.Parse(name => env.GetValueOrDefault(name), ownPid: 4242);

        Assert.Equal(expectedMicroseconds, parsed.WatchdogTimeout is { } t ? (long)t.TotalMicroseconds : null);
        if (expectedMicroseconds is { } us)
            Assert.Equal(TimeSpan.FromMicroseconds(us / 2), parsed.WatchdogInterval);
    }

    [Theory]
    [InlineData("/run/systemd/notify", "/run/systemd/notify")]
    [InlineData("@abstract", "@abstract")]
    [InlineData("relative/path", null)]
    [InlineData("vsock:2:1234", null)]
    [InlineData("", null)]
    public void Notify_socket_values_are_accepted_as_sd_notify_documents(string value, string? expected)
    {
        var parsed = SystemdEnvironment.Parse(name => name == "NOTIFY_SOCKET" ? value : null, ownPid: 1);

        Assert.Equal(expected, parsed.NotifySocket);
    }

    [Fact]
    public async Task Watchdog_pings_at_the_interval_while_alive_and_stops_when_not()
    {
        using var listener = NotifyListener.OnFile();
        using var notifier = new SystemdNotifier(
            new SystemdEnvironment(listener.NotifySocket, TimeSpan.FromMilliseconds(100)));
        var alive = true;

        var pinger = WatchdogPinger.StartIfRequested(notifier, () => Volatile.Read(ref alive));
        Assert.NotNull(pinger);
        await using (pinger)
        {
            Assert.Equal("WATCHDOG=1", listener.Receive(Wait));
            Assert.Equal("WATCHDOG=1", listener.Receive(Wait));
            Volatile.Write(ref alive, false);
            // Drain anything already in flight, then no more pings may arrive while the loop is "stuck".
            while (listener.Receive(TimeSpan.FromMilliseconds(150)) is not null)
            {
            }
            Assert.Null(listener.Receive(TimeSpan.FromMilliseconds(300)));
            Volatile.Write(ref alive, true);
            Assert.Equal("WATCHDOG=1", listener.Receive(Wait));
        }
        Assert.True(pinger.Pings >= 3);
    }

    [Fact]
    public void No_pinger_without_watchdog_usec()
    {
        using var listener = NotifyListener.OnFile();
        using var notifier = NotifierFor(listener);

        Assert.Null(WatchdogPinger.StartIfRequested(notifier, () => true));
    }
}
