using Vigil.Core.Primitives;
using Vigil.Core.Routing;
using Vigil.Engine.Wire;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>
    /// A VRRP message arrived. <paramref name="message"/> is the VRRP header onwards (the driver strips the IP
    /// header); <paramref name="source"/> and <paramref name="destination"/> are the raw IP addresses (4 or 16
    /// bytes); <paramref name="ttl"/> the TTL or hop limit. Never throws and, in steady state, never allocates.
    /// Returns the drop reason, or <see cref="DropCode.None"/> when the advert reached the state machine.
    /// </summary>
    public DropCode OnAdvertReceived(
        string interfaceName,
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        byte ttl,
        ReadOnlySpan<byte> message,
        MonotonicTime now)
    {
        if (IsStopped || message.Length < AdvertWire.HeaderLength)
        {
            return DropCode.PacketLength;
        }

        if (!instancesByKey.TryGetValue((interfaceName, family, message[1]), out var instance))
        {
            unknownVridDrops++;
            return DropCode.UnknownVrid;
        }

        var drop = Check(instance, family, source, destination, ttl, message, out var header);
        if (drop != DropCode.None)
        {
            instance.CountDrop(drop);
            return drop;
        }

        var versus = source.SequenceCompareTo(instance.OwnAddress);
        var advert = new ReceivedAdvert(header.Priority, header.IntervalCentiseconds, Math.Sign(versus), source);
        instance.Machine.OnAdvert(now, advert);
        return DropCode.None;
    }

    private static DropCode Check(
        InstanceRuntime instance,
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        byte ttl,
        ReadOnlySpan<byte> message,
        out AdvertHeader header)
    {
        var config = instance.Config;
        var drop = AdvertWire.TryRead(message, family, source, destination, config.V3ChecksumAsV2, out header);
        if (drop != DropCode.None)
        {
            return drop;
        }

        var multicast = destination.Length == 4 ? destination[0] >= 224 && destination[0] <= 239 : destination.Length == 16 && destination[0] == 0xFF;
        if (multicast && ttl != 255)
        {
            return DropCode.Ttl;
        }

        if (header.Version != config.Version)
        {
            return DropCode.Version;
        }

        if (header.Version == 2)
        {
            var wantAuth = config.AuthPass is null ? 0 : 1;
            if (header.AuthType > 2)
            {
                return DropCode.AuthType;
            }

            if (header.AuthType != wantAuth)
            {
                return DropCode.AuthType;
            }

            if (wantAuth == 1 && !PasswordMatches(AdvertWire.V2AuthData(message, family), config.AuthPass!))
            {
                return DropCode.AuthFailure;
            }

            // keepalived drops a v2 advert whose interval differs ("to prevent concurrent VRID running").
            if (header.IntervalCentiseconds != instance.Machine.Parameters.AdvertIntervalCentiseconds)
            {
                return DropCode.IntervalMismatch;
            }
        }

        if (multicast == config.IsUnicast)
        {
            return DropCode.AddressList;
        }

        return DropCode.None;
    }

    private static bool PasswordMatches(ReadOnlySpan<byte> auth, string pass)
    {
        if (auth.Length != 8)
        {
            return false;
        }

        for (var i = 0; i < 8; i++)
        {
            var expected = i < pass.Length ? (byte)pass[i] : (byte)0;
            if (auth[i] != expected)
            {
                return false;
            }
        }

        return true;
    }
}
