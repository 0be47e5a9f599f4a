using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;
using Vigil.Engine.Effects;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>
    /// A VRRP message arrived. <paramref name="message"/> is the VRRP header onwards (the driver strips the IP
    /// header); <paramref name="source"/> and <paramref name="destination"/> are the raw IP addresses (4 or 16
    /// bytes); <paramref name="ttl"/> the TTL or hop limit. Never throws and, in steady state, never allocates.
    /// Returns the drop reason (counted per instance), or <see cref="DropReason.None"/> when the advert reached the
    /// state machine (a VIP-list mismatch is counted as <c>address_list</c> but accepted).
    /// </summary>
    public DropReason OnAdvertReceived(
        string interfaceName,
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        byte ttl,
        ReadOnlySpan<byte> message,
        MonotonicTime now)
    {
        Touch();
        if (now < _startupUntil)
        {
            // vrrp_startup_delay: everything received before the instances start is ignored.
            return DropReason.None;
        }

        var addressLength = family == IpFamily.IPv4 ? 4 : 16;
        if (IsStopped || source.Length != addressLength || destination.Length != addressLength)
        {
            return DropReason.IpHeader;
        }

        if (message.Length < VrrpWire.HeaderLength)
        {
            return DropReason.PacketLength;
        }

        if (!_instancesByKey.TryGetValue((interfaceName, family, VrId.FromWire(message[1])), out var instance))
        {
            _unknownVridDrops++;
            return DropReason.Vrid;
        }

        var packet = new ReceivedPacket(
            IpAddressValue.Read(source, family),
            IpAddressValue.Read(destination, family),
            ttl);
        if (instance.Hmac is { } hmac)
        {
            _lastSeen = now;
            long wall = UnixMicroseconds();
            var verdict = AdvertCheck.CheckHmac(message, packet, instance.Expect, hmac, instance.HmacReplay, wall,
                out var signedAdvert, out var signedNotes, out var sequence, out bool signed);
            if (verdict != DropReason.None)
            {
                instance.Drops.Count(verdict);
                instance.NoteHmacDrop(verdict, packet.Source, message, wall, now);
                return verdict;
            }

            instance.NoteHmacAccepted(packet.Source, sequence, signed, wall, now);
            Accept(instance, signedAdvert, signedNotes, source, now);
            return DropReason.None;
        }

        var drop = AdvertCheck.Check(message, packet, instance.Expect, out var advert, out var notes);
        if (drop != DropReason.None)
        {
            instance.Drops.Count(drop);
            return drop;
        }

        Accept(instance, advert, notes, source, now);
        return DropReason.None;
    }

    /// <summary>
    /// An AH-authenticated VRRPv2 advert arrived (IP protocol 51): <paramref name="datagram"/> is the whole IPv4
    /// datagram, header included, since the ICV covers it. Checked like <see cref="OnAdvertReceived"/> plus the
    /// ICV and the sequence number; once accepted, the instance adopts the sequence number. Never throws.
    /// </summary>
    public DropReason OnAhAdvertReceived(string interfaceName, ReadOnlySpan<byte> datagram, MonotonicTime now)
    {
        Touch();
        if (now < _startupUntil)
        {
            return DropReason.None;
        }

        if (IsStopped)
        {
            return DropReason.IpHeader;
        }

        if (!Ipv4Header.TryParse(datagram, out _, out var payload, out var reason, VrrpAh.Protocol))
        {
            return reason;
        }

        if (payload.Length < VrrpAh.HeaderLength + VrrpWire.HeaderLength)
        {
            return DropReason.PacketLength;
        }

        var vrid = VrId.FromWire(payload[VrrpAh.HeaderLength + 1]);
        if (!_instancesByKey.TryGetValue((interfaceName, IpFamily.IPv4, vrid), out var instance))
        {
            _unknownVridDrops++;
            return DropReason.Vrid;
        }

        var counter = instance.AhSequence;
        var drop = AdvertCheck.CheckAh(datagram, instance.Expect, counter.Value, out var advert, out var notes,
            out var packet, out var sequence, out var failure);
        if (drop != DropReason.None)
        {
            instance.Drops.Count(drop);
            if (drop == DropReason.AuthFailure)
            {
                instance.LogAhFailure(datagram, failure, counter.Value, now);
            }

            return drop;
        }

        counter.TryAccept(sequence);
        Span<byte> source = stackalloc byte[4];
        packet.Source.WriteTo(source);
        // Before the state machine answers: a master outranking the sender moves ahead of it, so its answer
        // (the number plus two, as keepalived's) is accepted by the sender.
        if (counter.Heard(sequence, instance.State, advert.Priority.Value, instance.Machine.EffectivePriority.Value,
                Math.Sign(source.SequenceCompareTo(instance.OwnAddress))))
        {
            instance.LogAhSync(now);
        }

        Accept(instance, advert, notes, source, now);
        return DropReason.None;
    }

    private void Accept(InstanceRuntime instance, in VrrpAdvert advert, AdvertNotes notes, ReadOnlySpan<byte> source,
        MonotonicTime now)
    {
        instance.Drops.Count(notes);
        if ((notes & AdvertNotes.IntervalMismatch) != 0)
        {
            instance.NoteIntervalMismatch(advert.Interval, now);
        }

        var versus = source.SequenceCompareTo(instance.OwnAddress);
        var received = new ReceivedAdvert(advert.Priority, advert.Interval, Math.Sign(versus), source);
        instance.Machine.OnAdvert(now, received);
        instance.ReportSuppressedLog(now);
    }
}
