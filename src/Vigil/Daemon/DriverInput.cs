using System.Net;
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
    /// <summary>A received VRRP (or AH) packet. Reused (<see cref="PacketPool"/>): the receive thread fills one, the
    /// loop hands it back once handled, so a BACKUP hearing thousands of adverts a second allocates nothing for
    /// them.</summary>
    public sealed record Packet : DriverInput
    {
        private byte[] _payload = new byte[256];

        public string Interface { get; private set; } = "";
        public IpFamily Family { get; private set; }
        public IPAddress Source { get; private set; } = IPAddress.None;
        public IPAddress Destination { get; private set; } = IPAddress.None;
        public int Ttl { get; private set; }
        public byte Protocol { get; private set; }

        /// <summary>When the kernel received it (or when it was read, without a kernel timestamp).</summary>
        public MonotonicTime At { get; private set; }

        public int Length { get; private set; }

        /// <summary>The payload buffer's size: it only grows (<see cref="PacketPool"/> drops large ones).</summary>
        public int Capacity => _payload.Length;

        /// <summary>The VRRP message; for AH (protocol 51) the whole datagram, since the ICV covers the IP
        /// header.</summary>
        public ReadOnlySpan<byte> Payload => _payload.AsSpan(0, Length);

        public Packet Fill(string interfaceName, IpFamily family, in ReceivedView view, MonotonicTime at)
        {
            (Interface, Family, Source, Destination, Ttl, Protocol, At) =
                (interfaceName, family, view.Source, view.Destination, view.Ttl, view.Protocol, at);
            if (view.Payload.Length > _payload.Length)
                _payload = new byte[view.Payload.Length];
            view.Payload.CopyTo(_payload);
            Length = view.Payload.Length;
            return this;
        }
    }

    /// <summary>A track script's run ended. Reused (<see cref="ScriptLaunches"/>) like <see cref="Packet"/>.</summary>
    public sealed record ScriptDone : DriverInput
    {
        public ScriptCompletion Completion { get; private set; }

        public ScriptDone Fill(in ScriptCompletion completion)
        {
            Completion = completion;
            return this;
        }
    }

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
