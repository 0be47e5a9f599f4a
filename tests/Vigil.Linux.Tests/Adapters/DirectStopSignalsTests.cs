using System.Runtime.InteropServices;
using Vigil.Linux.Native;
using Vigil.Linux.Signals;
using Vigil.Linux.Timing;
using Xunit;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>The stop path's signal handler (Native/spawn/vigil_spawn.c): a SIGTERM or SIGINT sent to this process
/// wakes the eventfd and is reported once by Take. The test host survives only because the handler took the
/// signal: were it not installed, the runtime's default would end the run.</summary>
public sealed class DirectStopSignalsTests
{
    [Fact]
    public void A_stop_signal_wakes_the_eventfd_and_is_taken_once()
    {
        using var wake = new WakeEvent();
        using var direct = DirectStopSignals.TryInstall(wake.Handle);
        Assert.NotNull(direct);
        Assert.Null(direct.Take());

        Assert.Equal(0, Libc.kill(Environment.ProcessId, 15));
        Assert.True(wake.Wait(5_000_000), "SIGTERM did not wake the eventfd");
        Assert.Equal(PosixSignal.SIGTERM, direct.Take());
        Assert.Null(direct.Take());

        Assert.Equal(0, Libc.kill(Environment.ProcessId, 2));
        Assert.True(wake.Wait(5_000_000), "SIGINT did not wake the eventfd");
        Assert.Equal(PosixSignal.SIGINT, direct.Take());
        Assert.False(wake.Wait(0));
    }
}
