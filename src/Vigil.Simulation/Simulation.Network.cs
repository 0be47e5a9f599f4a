using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Effects;

namespace Vigil.Simulation;

public sealed partial class Simulation
{
    /// <summary>Puts one advert on the wire of the sending interface: every other interface on the segment that
    /// is up, on the same side of a partition, and (for unicast) owns the destination gets a copy, subject to the
    /// segment's delay, jitter, loss, duplication and reordering.</summary>
    internal void Transmit(SimHost sender, SendAdvert send, MonotonicTime now)
    {
        var iface = sender.FindInterface(send.Interface);
        if (iface is null || !iface.LinkUp)
        {
            return;
        }

        Checker.OnAdvertSent(sender, send);
        var segment = iface.Segment;
        var conditions = segment.Conditions;
        var source = send.Family == IpFamily.IPv4 ? iface.Ipv4Bytes : iface.Ipv6Bytes;
        if (send.Source is { } configured)
        {
            source = BytesOf(configured);
        }

        var destinations = send.Destinations;
        for (var d = 0; d < destinations.Count; d++)
        {
            var destination = destinations[d];
            var dst = BytesOf(destination);
            // AH: the wire carries the whole signed IPv4 datagram (the ICV covers the header), snapshotted now since
            // the engine rewrites the sequence number in its buffer for the next advert.
            var payload = send.AhKey is { } key ? SignedDatagram(source, dst, send, key) : send.Payload;
            var multicast = send.Family == IpFamily.IPv4 ? dst[0] >= 224 && dst[0] <= 239 : dst[0] == 0xFF;
            foreach (var peer in segment.Members)
            {
                if (peer.Host == sender
                    || !peer.LinkUp
                    || !peer.Host.IsUp
                    || !segment.SameSide(sender.Index, peer.Host.Index))
                {
                    continue;
                }

                if (!multicast && !destination.Equals(peer.Ipv4) && !destination.Equals(peer.Ipv6))
                {
                    continue;
                }

                var copies = Random.Chance(conditions.Duplicate) ? 2 : 1;
                for (var c = 0; c < copies; c++)
                {
                    if (Random.Chance(conditions.Loss))
                    {
                        continue;
                    }

                    var delay = conditions.MinDelay.Ticks + Random.NextLong(0, Math.Max(1, conditions.Jitter.Ticks));
                    if (Random.Chance(conditions.Reorder))
                    {
                        delay += Random.NextLong(0, Math.Max(1, conditions.ReorderDelay.Ticks));
                    }

                    var at = now + TimeSpan.FromTicks(delay);
                    Enqueue(at, new SimEvent(
                        SimEventKind.Deliver,
                        peer.Host,
                        peer.Host.Epoch,
                        peer,
                        send.Family,
                        source,
                        dst,
                        send.Ttl,
                        payload,
                        default,
                        null));
                }
            }
        }
    }

    private ReadOnlyMemory<byte> SignedDatagram(byte[] source, byte[] destination, SendAdvert send, VrrpPassword key)
    {
        var datagram = new byte[Ipv4Header.MinLength + send.Payload.Length];
        send.Payload.Span.CopyTo(datagram.AsSpan(Ipv4Header.MinLength));
        Ipv4Header.Write(datagram, IpAddressValue.Read(source), IpAddressValue.Read(destination), send.Payload.Length,
            unchecked((ushort)++_ipIdentification), send.Ttl, protocol: VrrpAh.Protocol);
        VrrpAh.Sign(datagram, key, send.AhUnicast);
        return datagram;
    }

    private int _ipIdentification;
}
