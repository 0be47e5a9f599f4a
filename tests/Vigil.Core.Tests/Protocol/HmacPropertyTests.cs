using CsCheck;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>auth_hmac: every encodable advert, signed, passes the receive checks with its sequence; any flipped bit
/// (outside the checksum, which the HMAC reads as zero but the checksum check catches) is refused; sequences from
/// the sender always grow and are refused the second time; random and mutated payloads never throw.</summary>
public class HmacPropertyTests
{
    private static readonly
        Gen<(VrrpAdvertSpec Spec, IpAddressValue[] Addresses, byte[] Key, byte KeyId, ulong Sequence)> Advert =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Byte, Gen.Byte, Gen.Int[0, 20], Gen.Int[1, 40], Gen.Byte[1, 255], Gen.UInt)
            .SelectMany(t =>
            {
                var (v3, v6, vrid, prio, count, interval, keyId, src) = t;
                var family = v3 && v6 ? IpFamily.IPv6 : IpFamily.IPv4;
                var source = family == IpFamily.IPv4
                    ? IpAddressValue.FromV4(0xC0000200u | (src & 0xFF))
                    : IpAddressValue.Parse($"2001:db8::{src & 0xFFFF:x}");
                var spec = new VrrpAdvertSpec(v3 ? VrrpVersion.V3 : VrrpVersion.V2, family, VrId.FromWire(vrid),
                    new(prio), VrrpWire.FromCentiseconds(interval * 100), source,
                    family == IpFamily.IPv4 ? IpAddressValue.VrrpMulticastV4 : IpAddressValue.VrrpMulticastV6);
                var address = family == IpFamily.IPv4
                    ? Gen.UInt.Select(u => IpAddressValue.FromV4(0xC6336400u | (u & 0xFF)))
                    : Gen.UInt.Select(u => IpAddressValue.Parse($"2001:db8:1::{u & 0xFFFF:x}"));
                return Gen.Select(address.Array[count], Gen.Byte.Array[32, 64], Gen.ULong)
                    .Select(a => (spec, a.Item1, a.Item2, keyId, a.Item3));
            });

    private static HmacSettings SettingsFor(byte[] key, byte id) =>
        new([new(id, key)], id, HmacMode.Enforce, HmacAntiReplay.Monotonic, 5);

    private static byte[] Signed(
        in VrrpAdvertSpec spec,
        IpAddressValue[] addresses,
        byte[] key,
        byte id,
        ulong sequence)
    {
        var buffer = new byte[
            VrrpCodec.MessageLength(spec.Version, spec.Family, addresses.Length) + VrrpHmac.TrailerLength];
        Assert.True(VrrpCodec.Encode(spec, addresses, buffer) > 0);
        Assert.True(VrrpHmac.Sign(buffer, spec.Source, id, key, new HmacSequence(sequence)));
        if (spec.Family == IpFamily.IPv6)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(6),
                VrrpChecksum.Compute(buffer, ChecksumMode.PseudoHeaderV6, spec.Source, spec.Destination));
        }

        return buffer;
    }

    private static AdvertExpectations ExpectFor(in VrrpAdvertSpec spec, IpAddressValue[] addresses) => new()
    {
        Version = spec.Version,
        Family = spec.Family,
        VirtualRouterId = spec.VirtualRouterId,
        Interval = spec.Interval,
        VirtualAddresses = addresses,
    };

    private static ReceivedPacket PacketFor(in VrrpAdvertSpec spec) => new(spec.Source, spec.Destination, 255);

    [Fact]
    public void Signed_adverts_pass_once_with_their_sequence()
    {
        Advert.Sample(t =>
        {
            var payload = Signed(t.Spec, t.Addresses, t.Key, t.KeyId, t.Sequence);
            var settings = SettingsFor(t.Key, t.KeyId);
            var replay = new HmacReplayWindow();
            var first = AdvertCheck.CheckHmac(
                payload,
                PacketFor(t.Spec),
                ExpectFor(t.Spec, t.Addresses),
                settings,
                replay,
                0,
                out var advert,
                out _,
                out var sequence,
                out bool signed);
            bool ok = first == DropReason.None
                && signed
                && sequence.Value == t.Sequence
                && advert.Priority == t.Spec.Priority;
            replay.Accept(t.Spec.Source, sequence);
            var again = AdvertCheck.CheckHmac(
                payload,
                PacketFor(t.Spec),
                ExpectFor(t.Spec, t.Addresses),
                settings,
                replay,
                0,
                out _,
                out _,
                out _,
                out _);
            return ok && again == DropReason.AuthExtReplay;
        }, iter: 2_000);
    }

    [Fact]
    public void A_flipped_bit_is_never_accepted()
    {
        Advert.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample((t, at, bit) =>
        {
            var payload = Signed(t.Spec, t.Addresses, t.Key, t.KeyId, t.Sequence);
            int i = at % payload.Length;
            payload[i] ^= (byte)(1 << bit);
            var reason = AdvertCheck.CheckHmac(payload, PacketFor(t.Spec), ExpectFor(t.Spec, t.Addresses),
                SettingsFor(t.Key, t.KeyId), new HmacReplayWindow(), 0, out _, out _, out _, out _);
            bool hmacAlone =
                VrrpHmac.Verify(payload, t.Spec.Source, SettingsFor(t.Key, t.KeyId), out _) == HmacVerdict.Ok;
            // The checksum bytes are read as zero by the HMAC (the checksum check refuses them instead).
            return reason != DropReason.None && (hmacAlone == (i is 6 or 7));
        }, iter: 5_000);
    }

    [Fact]
    public void Another_key_or_source_never_verifies()
    {
        Advert.Select(Gen.Byte.Array[32, 64], Gen.Int[0, 127]).Sample((t, other, bit) =>
        {
            var payload = Signed(t.Spec, t.Addresses, t.Key, t.KeyId, t.Sequence);
            Span<byte> address = stackalloc byte[16];
            int length = t.Spec.Source.WriteTo(address);
            address[(bit / 8) % length] ^= (byte)(1 << (bit % 8));
            var elsewhere = IpAddressValue.Read(address[..length], t.Spec.Family);
            return (other.AsSpan().SequenceEqual(t.Key)
                    || VrrpHmac.Verify(payload, t.Spec.Source, SettingsFor(other, t.KeyId), out _)
                        == HmacVerdict.InvalidHmac)
                && VrrpHmac.Verify(payload, elsewhere, SettingsFor(t.Key, t.KeyId), out _) == HmacVerdict.InvalidHmac;
        }, iter: 1_000);
    }

    [Fact]
    public void The_sender_sequence_always_grows_whatever_the_clock_does_in_monotonic_mode()
    {
        var settings = SettingsFor(new byte[32], 1);
        Gen.Long[-5_000_000, 5_000_000].Array[1, 50].Sample(steps =>
        {
            var sequencer = new HmacSequencer();
            long clock = 1_796_000_000_000_000;
            HmacSequence? last = null;
            foreach (var step in steps)
            {
                clock += step;
                var next = sequencer.Next(clock, settings);
                if (last is { } l && !next.IsAfter(l))
                {
                    return false;
                }

                last = next;
            }

            return true;
        }, iter: 2_000);
    }

    [Fact]
    public void In_time_mode_the_sender_abandons_a_sequence_stepped_past_the_window()
    {
        var settings = new HmacSettings([new(1, new byte[32])], 1, HmacMode.Enforce, HmacAntiReplay.Time, 5);
        var sequencer = new HmacSequencer();
        long now = 1_796_000_000_000_000;
        var ahead = sequencer.Next(now + 3_600_000_000, settings); // a clock stepped an hour forward...
        var back = sequencer.Next(now, settings);                  // ...and corrected: back to the clock
        Assert.True(ahead.IsAfter(back));
        Assert.Equal(HmacSequence.FromUnixMicroseconds(now), back);

        var near = sequencer.Next(now - 2_000_000, settings);       // a small step back stays strictly growing
        Assert.Equal(back.Next(), near);
    }

    [Fact]
    public void Time_mode_replay_marks_expire_outside_the_window_and_stale_sequences_are_refused()
    {
        var settings = new HmacSettings([new(1, new byte[32])], 1, HmacMode.Enforce, HmacAntiReplay.Time, 5);
        var source = IpAddressValue.Parse("192.0.2.11");
        long now = 1_796_000_000_000_000;
        var window = new HmacReplayWindow();
        window.Accept(source, HmacSequence.FromUnixMicroseconds(now + 3_000_000));
        var earlier = HmacSequence.FromUnixMicroseconds(now);
        Assert.Equal(HmacVerdict.Replay, window.Check(source, earlier, settings, now));
        Assert.Equal(HmacVerdict.Ok, window.Check(IpAddressValue.Parse("192.0.2.12"), earlier, settings, now));
        Assert.Equal(
            HmacVerdict.Stale,
            window.Check(source, HmacSequence.FromUnixMicroseconds(now - 6_000_000), settings, now));
        // Ten seconds on, the mark is outside the window and forgotten: a fresh sequence below it is accepted.
        long later = now + 10_000_000;
        Assert.Equal(
            HmacVerdict.Ok,
            window.Check(source, HmacSequence.FromUnixMicroseconds(later - 1_000_000), settings, later));

        var monotonic = new HmacSettings([new(1, new byte[32])], 1, HmacMode.Enforce, HmacAntiReplay.Monotonic, 5);
        Assert.Equal(
            HmacVerdict.Replay,
            window.Check(source, HmacSequence.FromUnixMicroseconds(now + 2_000_000), monotonic, later));
    }

    [Fact]
    public void Sequences_compare_across_the_wrap_of_the_seconds()
    {
        var beforeWrap = new HmacSequence(0xFFFF_FFFF_FFFF_0000);
        var afterWrap = new HmacSequence(0x0000_0000_0001_0000);
        Assert.True(afterWrap.IsAfter(beforeWrap));
        Assert.False(beforeWrap.IsAfter(afterWrap));
        Assert.Equal(1, afterWrap.SecondsSince(beforeWrap));
    }

    [Fact]
    public void Random_and_mutated_payloads_never_throw()
    {
        var settings = HmacVectors.Settings("v3-hmac");
        var packet = new ReceivedPacket(IpAddressValue.Parse("192.0.2.11"), IpAddressValue.VrrpMulticastV4, 255);
        var expect = new AdvertExpectations { Version = VrrpVersion.V3, Family = IpFamily.IPv4,
            VirtualRouterId = new(51), Interval = VrrpWire.FromCentiseconds(100) };
        var replay = new HmacReplayWindow();
        // One settings object and one replay window for every sample, as one engine loop holds them: HmacSettings
        // caches a keyed HMAC per key and is single-threaded, so CsCheck samples on one thread here.
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            AdvertCheck.CheckHmac(bytes, packet, expect, settings, replay, 0, out _, out _, out _, out _);
            VrrpHmac.Verify(bytes, packet.Source, settings, out _);
        }, iter: 20_000, threads: 1);

        var captured = HmacVectors.Frames("v3-hmac")[0].Payload;
        Gen.Select(Gen.Int[0, captured.Length - 1], Gen.Byte, Gen.Int[0, captured.Length]).Sample((i, b, cut) =>
        {
            var copy = (byte[])captured.Clone();
            copy[i] = b;
            AdvertCheck.CheckHmac(copy.AsSpan(0, cut), packet, expect, settings, replay, 0, out _, out _, out _, out _);
        }, iter: 20_000, threads: 1);
    }
}
