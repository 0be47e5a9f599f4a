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
        if (now < startupUntil)
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

        if (!instancesByKey.TryGetValue((interfaceName, family, message[1]), out var instance))
        {
            unknownVridDrops++;
            return DropReason.Vrid;
        }

        var packet = new ReceivedPacket(IpAddressValue.Read(source, family), IpAddressValue.Read(destination, family), ttl);
        var drop = AdvertCheck.Check(message, packet, instance.Expect, out var advert, out var notes);
        if (drop != DropReason.None)
        {
            instance.Drops.Count(drop);
            return drop;
        }

        instance.Drops.Count(notes);
        if ((notes & AdvertNotes.IntervalMismatch) != 0)
        {
            instance.NoteIntervalMismatch(advert.IntervalCentiseconds, now);
        }

        var versus = source.SequenceCompareTo(instance.OwnAddress);
        var received = new ReceivedAdvert(advert.Priority, advert.IntervalCentiseconds, Math.Sign(versus), source);
        instance.Machine.OnAdvert(now, received);
        instance.ReportSuppressedLog(now);
        return DropReason.None;
    }
}
