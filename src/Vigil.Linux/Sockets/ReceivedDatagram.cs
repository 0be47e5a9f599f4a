using System.Net;

namespace Vigil.Linux.Sockets;

/// <summary>One VRRP packet as it came off the wire: the VRRP message (IP header stripped) and what the IP
/// layer said about it (the engine reads the addresses and TTL into the protocol core's <c>ReceivedPacket</c>).
/// <paramref name="KernelTimestampNs"/> is when the kernel received it (CLOCK_REALTIME, nanoseconds, from
/// SO_TIMESTAMPNS; 0 when absent). <paramref name="Protocol"/> 51 (an AH-authenticated VRRPv2
/// advert) keeps the IP header in <paramref name="Payload"/>: the AH ICV covers it.</summary>
public sealed record ReceivedDatagram(IPAddress Source, IPAddress Destination, int IfIndex, int Ttl, byte[] Payload,
    long KernelTimestampNs = 0, byte Protocol = 112);
