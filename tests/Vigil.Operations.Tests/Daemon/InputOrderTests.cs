using System.Net;
using Vigil.Core.Primitives;
using Vigil.Daemon;
using Vigil.Linux.Sockets;

namespace Vigil.Operations.Tests.Daemon;

/// <summary>The loop handles its inputs and the engine's timers in the order they happened.</summary>
public sealed class InputOrderTests
{
    private static readonly MonotonicTime Due = MonotonicTime.FromMilliseconds(10_000);

    private static DriverInput.Packet PacketAt(MonotonicTime at) => new DriverInput.Packet().Fill(
        "eth0",
        IpFamily.IPv4,
        new ReceivedView(IPAddress.Parse("192.0.2.2"), IPAddress.Parse("224.0.0.18"), 2, 255, new byte[20], 0, 112),
        at);

    [Fact]
    public void An_advert_received_before_the_timer_was_due_goes_first_even_when_handled_after() =>
        Assert.False(DriverInput.TimersFirst(Due, PacketAt(Due.AddMicroseconds(-100)), Due.AddMicroseconds(3_000)));

    [Fact]
    public void An_advert_received_once_the_timer_was_due_comes_after_it() =>
        Assert.True(DriverInput.TimersFirst(Due, PacketAt(Due), Due.AddMicroseconds(3_000)));

    [Fact]
    public void Anything_else_happened_when_it_was_taken()
    {
        var done = new DriverInput.Stop("test");
        Assert.True(DriverInput.TimersFirst(Due, done, Due.AddMicroseconds(1)));
        Assert.False(DriverInput.TimersFirst(Due, done, Due.AddMicroseconds(-1)));
        Assert.False(DriverInput.TimersFirst(MonotonicTime.Never, done, Due));
    }
}
