using Vigil.Config.Model;
using Vigil.Daemon;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>vrrp_delay_after_boot becomes the start-up delay still to wait, and the longer of it and
/// vrrp_startup_delay wins, as keepalived 2.4.3's manual says.</summary>
public sealed class BootDelayTests
{
    private static VigilConfig With(int startupMs, int afterBootMs) =>
        new() { Global = new GlobalDefs { StartupDelayMs = startupMs, DelayAfterBootMs = afterBootMs } };

    [Theory]
    [InlineData(0, 30_000, 10.0, 20_000)]     // booted 10 s ago, 30 s wanted: wait 20 s more
    [InlineData(0, 30_000, 45.0, 0)]          // long past: no wait
    [InlineData(25_000, 30_000, 10.0, 25_000)] // the startup delay is longer
    [InlineData(5_000, 30_000, 10.0, 20_000)]  // the boot delay is longer
    [InlineData(5_000, 0, 1.0, 5_000)]         // no boot delay configured
    [InlineData(0, 15_230, 15.0, 230)]
    public void The_longer_delay_wins(int startupMs, int afterBootMs, double uptimeSeconds, int expectedMs)
    {
        var applied = BootDelay.Apply(With(startupMs, afterBootMs), TimeSpan.FromSeconds(uptimeSeconds));
        Assert.Equal(expectedMs, applied.Global.StartupDelayMs);
    }

    [Fact]
    public void The_uptime_is_read_on_linux()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads /proc/uptime");
        Assert.True(BootDelay.Uptime() > TimeSpan.Zero);
    }
}
