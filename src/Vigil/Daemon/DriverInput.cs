using System.Runtime.InteropServices;
using Vigil.Core.Primitives;
using Vigil.Engine.Events;
using Vigil.Linux.Netlink;
using Vigil.Linux.Sockets;

namespace Vigil.Daemon;

/// <summary>Everything that wakes the driver's loop. Producers (socket threads, netlink, process reapers,
/// signal handlers) only post these; the loop alone touches the engine.</summary>
public abstract record DriverInput
{
    public sealed record Packet(
        string Interface,
        IpFamily Family,
        ReceivedDatagram Received,
        MonotonicTime At) : DriverInput;

    public sealed record ScriptDone(ScriptCompletion Completion) : DriverInput;

    public sealed record NotifyDone(string Key, long NotifyId, ScriptOutcome Outcome, int ExitCode) : DriverInput;

    public sealed record Link(LinkInfo Info) : DriverInput;

    /// <summary>The kernel removed an address from an interface (by anyone: us, an admin, or with its
    /// primary).</summary>
    public sealed record AddressDeleted(AddressInfo Address) : DriverInput;

    public sealed record Signal(PosixSignal Number) : DriverInput;

    /// <summary>A process started or stopped matching a track_process; <paramref name="Generation"/> is the process
    /// monitor's configuration it was computed against (older ones are dropped after a rescan).</summary>
    public sealed record ProcessChanged(int Generation, Vigil.Core.Tracking.ProcessDelta Delta) : DriverInput;

    /// <summary>A stop asked for by other means than a signal (the control socket); <paramref name="Reason"/> is what
    /// the log says, so an operator reading it knows who stopped the daemon.</summary>
    public sealed record Stop(string Reason) : DriverInput;

    /// <summary>Runs on the loop with the engine (status, reload and stop from the control socket).</summary>
    public sealed record Invoke(Action Action) : DriverInput;

    /// <summary>Whether the engine's timers due at <paramref name="due"/> go before <paramref name="input"/>, taken
    /// from the inbox at <paramref name="now"/>: events are handled in the order they happened. A packet happened
    /// when the kernel received it, so an advert that arrived before a master-down timer expired still keeps this
    /// node BACKUP; anything else happened when it was taken, so a round of adverts that fell due while 200 script
    /// results were being handled is sent then, not after the last of them.</summary>
    public static bool TimersFirst(MonotonicTime due, DriverInput input, MonotonicTime now) =>
        due <= (input is Packet p ? p.At : now);
}
