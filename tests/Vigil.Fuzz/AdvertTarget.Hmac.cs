using Vigil.Core.Primitives;
using Vigil.Core.Protocol;

namespace Vigil.Fuzz;

/// <summary>The auth_hmac trailer: the packet is checked against instances with auth_hmac (v3 and v2 over IPv4 with
/// the key of the captured vectors in the seeds, v3 over IPv6) in each mode. Whatever passes with a trailer verifies on
/// its own and is refused the second time (replay); whatever passes without one was not in enforce. Vigil's own
/// signature of the message always verifies.</summary>
internal static partial class AdvertTarget
{
    private static readonly byte[] HmacKey = Convert.FromHexString(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static readonly HmacSettings[] HmacModes =
    [
        new([new(1, HmacKey)], 1, HmacMode.Enforce, HmacAntiReplay.Monotonic, 5),
        new([new(1, HmacKey), new(7, HmacKey[..32])], 7, HmacMode.Permissive, HmacAntiReplay.Time, 5),
        new([new(1, HmacKey)], 1, HmacMode.ReceiveOnly, HmacAntiReplay.Time, 300),
    ];

    private static readonly AdvertExpectations[] HmacExpectations =
    [
        new() { Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(51),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("198.51.100.7") },
        new() { Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(51),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("198.51.100.7") },
        new() { Version = VrrpVersion.V3, Family = IpFamily.IPv6, VirtualRouterId = new(51),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("2001:db8::7") },
    ];

    // The seeds' clock: the captured adverts' seconds (December 2026), so time mode sees them fresh.
    private const long HmacNow = 1_796_514_900_000_000;

    private static void CheckHmac(ReadOnlySpan<byte> message, in ReceivedPacket packet)
    {
        foreach (var expect in HmacExpectations)
        {
            if (expect.Family != packet.Family)
                continue;
            foreach (var settings in HmacModes)
            {
                var replay = new HmacReplayWindow();
                var drop = AdvertCheck.CheckHmac(
                    message,
                    packet,
                    expect,
                    settings,
                    replay,
                    HmacNow,
                    out var advert,
                    out _,
                    out var sequence,
                    out bool signed);
                if (drop != DropReason.None)
                    continue;
                Invariant.Holds(
                    advert.VirtualRouterId == expect.VirtualRouterId,
                    "an auth_hmac advert for another instance passed");
                if (!signed)
                {
                    Invariant.Holds(settings.Mode != HmacMode.Enforce, "enforce accepted an advert without a trailer");
                    continue;
                }

                Invariant.Holds(VrrpHmac.Verify(message, packet.Source, settings, out _) == HmacVerdict.Ok,
                    "an advert passed with a trailer that does not verify");
                replay.Accept(packet.Source, sequence);
                Invariant.Holds(
                    AdvertCheck.CheckHmac(
                        message, packet, expect, settings, replay, HmacNow, out _, out _, out _, out _)
                        == DropReason.AuthExtReplay,
                    "the same signed advert passed twice");
            }
        }

        // Signing: the message with room for a trailer, signed by Vigil, verifies.
        if (message.Length is < VrrpWire.HeaderLength or > VrrpHmac.MaxPayload - VrrpHmac.TrailerLength)
            return;
        Span<byte> copy = stackalloc byte[message.Length + VrrpHmac.TrailerLength];
        message.CopyTo(copy);
        var settingsSigned = HmacModes[0];
        Invariant.Holds(VrrpHmac.Sign(copy, packet.Source, 1, HmacKey, new HmacSequence((ulong)message.Length))
            && VrrpHmac.Verify(copy, packet.Source, settingsSigned, out var seq) == HmacVerdict.Ok
            && seq.Value == (ulong)message.Length, "a payload Vigil signed does not verify");
    }
}
