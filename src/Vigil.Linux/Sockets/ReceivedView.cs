using System.Net;

namespace Vigil.Linux.Sockets;

/// <summary>One packet as it came off the wire, read in place in the socket's receive buffer: valid only during
/// the <see cref="ReceiveSink"/> call, so the sink copies what it keeps. The fields are those of
/// <see cref="ReceivedDatagram"/>; the addresses are shared objects (<see cref="AddressCache"/>), never
/// changed.</summary>
public readonly ref struct ReceivedView(IPAddress source, IPAddress destination, int ifIndex, int ttl,
    ReadOnlySpan<byte> payload, long kernelTimestampNs, byte protocol)
{
    public IPAddress Source { get; } = source;
    public IPAddress Destination { get; } = destination;
    public int IfIndex { get; } = ifIndex;
    public int Ttl { get; } = ttl;
    public ReadOnlySpan<byte> Payload { get; } = payload;
    public long KernelTimestampNs { get; } = kernelTimestampNs;
    public byte Protocol { get; } = protocol;

    public ReceivedDatagram ToDatagram() =>
        new(Source, Destination, IfIndex, Ttl, Payload.ToArray(), KernelTimestampNs, Protocol);
}

/// <summary>Takes each packet on the receive thread as it arrives (see <see cref="ReceivedView"/>).</summary>
public delegate void ReceiveSink(in ReceivedView packet);
