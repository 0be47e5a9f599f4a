using CsCheck;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>
/// Random and mutated packets (about 1.3 million per run): decoding and checking never throw, accepted
/// adverts are self-consistent, every encodable advert round-trips, and a single flipped bit is never
/// accepted (every byte of the message is under the checksum).
/// </summary>
public class CodecPropertyTests
{
    private static readonly IpAddressValue Source4 = IpAddressValue.Parse("192.0.2.7");
    private static readonly IpAddressValue Source6 = IpAddressValue.Parse("fe80::7");

    private static readonly Gen<IpAddressValue> Address4 =
        Gen.UInt.Select(u => IpAddressValue.FromV4(0xC6336400u | (u & 0xFF)));

    private static readonly Gen<IpAddressValue> Address6 = Gen.Byte.Array[16].Select(b =>
    {
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = 0xb8;
        return IpAddressValue.Read(b);
    });

    /// <summary>A valid advert: its spec and addresses. Address lists are mostly short, sometimes huge.</summary>
    private static readonly Gen<(VrrpAdvertSpec Spec, IpAddressValue[] Addresses)> ValidAdvert =
        Gen.Select(Gen.Int[0, 2], Gen.Byte, Gen.Byte, Gen.Frequency((8, Gen.Int[0, 4]), (1, Gen.Int[5, 255])),
                Gen.Int[1, 4095], Gen.Bool, Gen.String[Gen.Char.AlphaNumeric, 0, 10])
            .SelectMany(t =>
            {
                var (kind, vrid, prio, count, interval, pass, password) = t;
                var version = kind == 0 ? VrrpVersion.V2 : VrrpVersion.V3;
                var family = kind == 2 ? IpFamily.IPv6 : IpFamily.IPv4;
                var spec = new VrrpAdvertSpec(version, family, VrId.FromWire(vrid), new(prio),
                    VrrpWire.FromCentiseconds(version == VrrpVersion.V2 ? (interval % 255 + 1) * 100 : interval),
                    family == IpFamily.IPv4 ? Source4 : Source6,
                    family == IpFamily.IPv4 ? IpAddressValue.VrrpMulticastV4 : IpAddressValue.VrrpMulticastV6,
                    version == VrrpVersion.V2 && pass ? VrrpAuthType.Pass : VrrpAuthType.None,
                    version == VrrpVersion.V2 && pass ? VrrpPassword.FromString(password) : VrrpPassword.Empty);
                return (family == IpFamily.IPv4 ? Address4 : Address6).Array[count].Select(a => (spec, a));
            });

    private static AdvertExpectations ExpectationsFor(in VrrpAdvertSpec spec, IpAddressValue[] addresses) => new()
    {
        Version = spec.Version,
        Family = spec.Family,
        VirtualRouterId = spec.VirtualRouterId,
        Interval = spec.Interval,
        AuthType = spec.AuthType,
        Password = spec.Password,
        VirtualAddresses = addresses,
    };

    private static byte[] EncodeOrFail(in VrrpAdvertSpec spec, IpAddressValue[] addresses)
    {
        var buffer = new byte[VrrpCodec.MessageLength(spec.Version, spec.Family, addresses.Length)];
        Assert.Equal(buffer.Length, VrrpCodec.Encode(spec, addresses, buffer));
        return buffer;
    }

    private static readonly AdvertExpectations AnyV3 = new()
    {
        Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(1),
        Interval = VrrpWire.FromCentiseconds(100),
    };

    private static readonly AdvertExpectations AnyV2 = new()
    {
        Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(1),
        Interval = VrrpWire.FromCentiseconds(100),
        AuthType = VrrpAuthType.Pass, Password = VrrpPassword.FromString("x"),
        UnicastPeers = [new UnicastPeer(Source4, 1, 2)], CheckUnicastSource = true,
    };

    /// <summary>Checks one packet every way the receive path can, and the consistency of what it accepts.</summary>
    private static void CheckAnyway(ReadOnlySpan<byte> message, IpFamily family, byte ttl, AdvertExpectations expect)
    {
        var packet = family == IpFamily.IPv4
            ? new ReceivedPacket(Source4, IpAddressValue.VrrpMulticastV4, ttl)
            : new ReceivedPacket(Source6, IpAddressValue.VrrpMulticastV6, ttl);
        var reason = AdvertCheck.Check(message, packet, expect, out var advert, out _);
        if (reason == DropReason.None)
        {
            AssertConsistent(advert);
        }

        if (VrrpCodec.TryDecode(message, family, out var decoded, out var decodeReason))
        {
            Assert.Equal(DropReason.None, decodeReason);
            AssertConsistent(decoded);
        }
        else
        {
            Assert.NotEqual(DropReason.None, decodeReason);
        }
    }

    private static void AssertConsistent(in VrrpAdvert advert)
    {
        Assert.Equal(
            VrrpCodec.MessageLength(advert.Version, advert.Family, advert.AddressCount),
            advert.Message.Length);
        for (int i = 0; i < advert.AddressCount; i++)
        {
            Assert.True(advert.Contains(advert.GetAddress(i)));
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Select(Gen.Byte.Array[0, 300], Gen.Bool, Gen.Byte).Sample((bytes, v6, ttl) =>
        {
            var family = v6 ? IpFamily.IPv6 : IpFamily.IPv4;
            CheckAnyway(bytes, family, ttl, AnyV3);
            CheckAnyway(bytes, family, ttl, AnyV2);
            Ipv4Header.TryParse(bytes, out _, out var payload, out _);
            CheckAnyway(payload, IpFamily.IPv4, ttl, AnyV3);
        }, iter: 400_000);
    }

    [Fact]
    public void Plausible_headers_with_random_counts_and_lengths_never_throw()
    {
        // Version/type byte mostly right and a count that rarely matches the length: exercises the length logic.
        Gen.Select(Gen.OneOf<byte>(0x21, 0x31, 0x32, 0x11, 0x41), Gen.Byte, Gen.Int[0, 4200], Gen.Bool)
            .Sample((first, count, length, v6) =>
            {
                var bytes = new byte[length];
                if (length > 3)
                {
                    bytes[0] = first;
                    bytes[3] = count;
                }

                CheckAnyway(bytes, v6 ? IpFamily.IPv6 : IpFamily.IPv4, 255, AnyV3);
            }, iter: 200_000);
    }

    [Fact]
    public void Every_valid_advert_round_trips_and_is_accepted()
    {
        ValidAdvert.Sample(t =>
        {
            var (spec, addresses) = t;
            var message = EncodeOrFail(spec, addresses);
            var packet = new ReceivedPacket(spec.Source, spec.Destination, 255);
            var reason = AdvertCheck.Check(message, packet, ExpectationsFor(spec, addresses), out var advert,
                out var notes);
            Assert.Equal(DropReason.None, reason);
            Assert.Equal(AdvertNotes.None, notes);
            Assert.Equal((spec.Version, spec.VirtualRouterId, spec.Priority, VrrpWire.ToCentiseconds(spec.Interval),
                spec.AuthType),
                (advert.Version, advert.VirtualRouterId, advert.Priority, VrrpWire.ToCentiseconds(advert.Interval),
                    advert.AuthType));
            Assert.Equal(addresses, advert.ToAddressArray());
            if (spec.AuthType == VrrpAuthType.Pass)
            {
                Assert.Equal(spec.Password, advert.Password);
            }
        }, iter: 100_000);
    }

    [Fact]
    public void A_single_flipped_bit_is_never_accepted()
    {
        ValidAdvert.SelectMany(t => Gen.Int[0, int.MaxValue].Select(bit => (t.Spec, t.Addresses, bit))).Sample(t =>
        {
            var (spec, addresses, bit) = t;
            var message = EncodeOrFail(spec, addresses);
            int index = bit % (message.Length * 8);
            message[index / 8] ^= (byte)(1 << (index % 8));
            var packet = new ReceivedPacket(spec.Source, spec.Destination, 255);
            var reason = AdvertCheck.Check(message, packet, ExpectationsFor(spec, addresses), out _, out _);
            Assert.NotEqual(DropReason.None, reason);
        }, iter: 200_000);
    }

    /// <summary>Mutations of valid adverts: truncation, wrong counts, overwritten bytes, appended garbage,
    /// and the same inside an IPv4 datagram with a random TTL and total length.</summary>
    [Fact]
    public void Mutated_adverts_never_throw()
    {
        var mutation = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5000], Gen.Byte, Gen.Byte.Array[0, 64]);
        Gen.Select(ValidAdvert, mutation, Gen.Byte).Sample((t, m, ttl) =>
        {
            var (spec, addresses) = t;
            var (kind, position, value, garbage) = m;
            var message = EncodeOrFail(spec, addresses);
            var mutated = kind switch
            {
                0 => message[..(position % (message.Length + 1))],
                1 => SetByte(message, 3, value),
                2 => SetByte(message, position % message.Length, value),
                3 => [.. message, .. garbage],
                4 => SetByte(SetByte(message, VrrpChecksum.Offset, value), VrrpChecksum.Offset + 1, (byte)position),
                _ => SetByte(message, 0, value),
            };
            var expect = ExpectationsFor(spec, addresses);
            CheckAnyway(mutated, spec.Family, ttl, expect);

            if (spec.Family == IpFamily.IPv4)
            {
                var datagram = new byte[Ipv4Header.MinLength + mutated.Length];
                Ipv4Header.Write(datagram, spec.Source, spec.Destination, mutated.Length, 1, ttl);
                mutated.CopyTo(datagram, Ipv4Header.MinLength);
                if (kind == 2)
                {
                    datagram[position % datagram.Length] = value;
                }

                if (Ipv4Header.TryParse(datagram, out var ip, out var payload, out _))
                {
                    AdvertCheck.Check(payload, ReceivedPacket.From(ip), expect, out _, out _);
                }
            }
        }, iter: 400_000);
    }

    private static byte[] SetByte(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
