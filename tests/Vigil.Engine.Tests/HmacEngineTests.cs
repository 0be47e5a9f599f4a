using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>auth_hmac in the engine: sent adverts carry a trailer signed with the active key and a growing sequence;
/// received ones are verified, and each failure is dropped, counted under its own name and moves nothing; the modes
/// decide about adverts without a trailer; a reload that moves active_key keeps the sequence growing.</summary>
public sealed class HmacEngineTests
{
    private static readonly byte[] Key1 =
        Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static readonly byte[] Key2 = [.. Enumerable.Range(100, 40).Select(i => (byte)i)];

    private static AuthHmacConfig Hmac(HmacMode mode = HmacMode.Enforce, int active = 1) => new()
    {
        Keys = [new AuthHmacKey(1, Key1, null, default), new AuthHmacKey(2, Key2, null, default)],
        ActiveKey = active,
        Mode = mode,
        TimeWindowSeconds = 5,
    };

    private static VigilConfig Config(HmacMode mode = HmacMode.Enforce, int active = 1) =>
        Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with { AuthHmac = Hmac(mode, active) });

    private static EngineHarness Harness(HmacMode mode = HmacMode.Enforce) => new(Config(mode));

    private static HmacSettings Peer(int active = 1) =>
        new([new(1, Key1), new(2, Key2)], (byte)active, HmacMode.Enforce, HmacAntiReplay.Time, 5);

    /// <summary>A v2 advert from 192.0.2.20 (above the harness's 192.0.2.10), signed at the harness's wall
    /// clock.</summary>
    private static byte[] Signed(
        EngineHarness h,
        byte priority,
        byte keyId = 1,
        byte[]? key = null,
        long offsetMicroseconds = 0,
        string source = "192.0.2.20")
    {
        var plain = EngineHarness.Advert(51, priority, vips: "198.51.100.1", source: source);
        var payload = new byte[plain.Length + VrrpHmac.TrailerLength];
        plain.CopyTo(payload, 0);
        var sequence = HmacSequence.FromUnixMicroseconds(
            VrrpEngine.SimulatedEpochUnixMicroseconds + h.Now.Microseconds + offsetMicroseconds);
        VrrpHmac.Sign(payload, IpAddressValue.Parse(source), keyId, key ?? Key1, sequence);
        return payload;
    }

    private static long Dropped(EngineHarness h, string name) =>
        h.Engine.GetInstanceStatus("VI_1")!.Counters.Dropped.GetValueOrDefault(name);

    private static VrrpState State(EngineHarness h) => h.Engine.GetInstanceStatus("VI_1")!.State;

    [Fact]
    public void A_master_signs_every_advert_with_the_active_key_and_a_growing_sequence()
    {
        var h = Harness();
        var sequences = new List<HmacSequence>();
        var end = h.Now + TimeSpan.FromSeconds(8);
        while (h.Now < end)
        {
            h.Advance(TimeSpan.FromMilliseconds(10));
            foreach (var s in h.Take().OfType<SendAdvert>())
            {
                var payload = s.Payload.Span;
                Assert.Equal(
                    VrrpCodec.MessageLength(VrrpVersion.V2, IpFamily.IPv4, 1) + VrrpHmac.TrailerLength,
                    payload.Length);
                Assert.Equal(
                    HmacVerdict.Ok,
                    VrrpHmac.Verify(payload, IpAddressValue.Parse("192.0.2.10"), Peer(), out var sequence));
                Assert.Equal(1, VrrpHmac.ReadKeyId(payload));
                sequences.Add(sequence);
            }
        }

        Assert.Equal(VrrpState.Master, State(h));
        Assert.True(sequences.Count >= 4);
        Assert.All(sequences.Zip(sequences.Skip(1)), p => Assert.True(p.Second.IsAfter(p.First)));
    }

    [Fact]
    public void A_signed_higher_priority_advert_is_obeyed_and_its_replay_is_not()
    {
        var h = Harness();
        var advert = Signed(h, 200);
        Assert.Equal(DropReason.None, h.Receive(advert));
        Assert.Equal(VrrpState.Backup, State(h));
        Assert.Equal(1, h.Engine.GetInstanceStatus("VI_1")!.Counters.AuthHmacVerified);
        Assert.Equal(DropReason.AuthExtReplay, h.Receive(advert));
        Assert.Equal(1, Dropped(h, "auth_ext_replay"));
    }

    [Fact]
    public void Forged_stale_unknown_key_and_unsigned_adverts_are_dropped_counted_and_move_nothing()
    {
        var h = Harness();
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, State(h));
        h.Take();
        int mark = h.All.Count;

        Assert.Equal(DropReason.AuthExtInvalidHmac, h.Receive(Signed(h, 254, key: Key2)));            // id 1, wrong key
        Assert.Equal(DropReason.AuthExtUnknownKey, h.Receive(Signed(h, 254, keyId: 9, key: Key1)));
        Assert.Equal(DropReason.AuthExtStale, h.Receive(Signed(h, 254, offsetMicroseconds: -60_000_000)));
        Assert.Equal(DropReason.AuthExtMissing, h.Receive(EngineHarness.Advert(51, 254, vips: "198.51.100.1")));
        var forgedSource = Signed(h, 254, source: "192.0.2.30");                                      // signed as .30,
        Assert.Equal(DropReason.AuthExtInvalidHmac, h.Receive(forgedSource, source: "192.0.2.20"));   // sent as .20
        var tampered = Signed(h, 200);
        tampered[2] = 254;
        Assert.Equal(DropReason.AuthExtInvalidHmac, h.Receive(tampered));
        var malformed = Signed(h, 254);
        malformed[^28] = 2;
        Assert.Equal(DropReason.AuthExtMalformed, h.Receive(malformed));

        foreach (var (name, count) in new[]
                 {
                     ("auth_ext_invalid_hmac", 3L),
                     ("auth_ext_unknown_key", 1),
                     ("auth_ext_stale", 1),
                     ("auth_ext_missing", 1),
                     ("auth_ext_malformed", 1)
                 })
        {
            Assert.Equal(count, Dropped(h, name));
        }
        // keepalived 2.4.3's lines (observed), one per change of reason or sender.
        var lines = string.Join('\n', h.Take().OfType<LogLine>().Select(l => l.Message));
        foreach (var line in new[]
                 {
                     "(VI_1) invalid authentication HMAC from 192.0.2.20",
                     "(VI_1) unknown authentication key id 9 from 192.0.2.20",
                     "(VI_1) stale authentication trailer from 192.0.2.20, clock skew 60 sec exceeds window 5 sec",
                     "(VI_1) missing authentication trailer from 192.0.2.20",
                     "(VI_1) malformed authentication trailer from 192.0.2.20"
                 })
        {
            Assert.Contains(line, lines, StringComparison.Ordinal);
        }
        h.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(VrrpState.Master, State(h));
        h.Take();
        Assert.DoesNotContain(h.All.Skip(mark), e => e is RemoveAddress);
    }

    [Fact]
    public void A_sender_clock_more_than_half_the_window_off_is_accepted_with_a_warning()
    {
        var h = Harness();
        Assert.Equal(DropReason.None, h.Receive(Signed(h, 200, offsetMicroseconds: 1_000_000)));
        Assert.DoesNotContain(
            h.Take().OfType<LogLine>(),
            l => l.Message.Contains("clock skew", StringComparison.Ordinal));
        h.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(DropReason.None, h.Receive(Signed(h, 200, offsetMicroseconds: 4_000_000)));
        Assert.Contains(
            h.Take().OfType<LogLine>(),
            l => l.Message.Contains("clock skew of 4s with 192.0.2.20", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HmacMode.Permissive, true)]
    [InlineData(HmacMode.ReceiveOnly, false)]
    public void Migration_modes_accept_unsigned_adverts_and_sign_only_when_permissive(HmacMode mode, bool signs)
    {
        var h = Harness(mode);
        h.Advance(TimeSpan.FromSeconds(5));
        var sent = h.Take().OfType<SendAdvert>().ToList();
        Assert.NotEmpty(sent);
        int plain = VrrpCodec.MessageLength(VrrpVersion.V2, IpFamily.IPv4, 1);
        Assert.All(sent, s => Assert.Equal(plain + (signs ? VrrpHmac.TrailerLength : 0), s.Payload.Length));

        Assert.Equal(DropReason.None, h.Receive(EngineHarness.Advert(51, 200, vips: "198.51.100.1")));
        Assert.Equal(VrrpState.Backup, State(h));
        Assert.Equal(1, h.Engine.GetInstanceStatus("VI_1")!.Counters.AuthHmacUnsignedAccepted);
        // A present trailer must still verify.
        Assert.Equal(DropReason.AuthExtInvalidHmac, h.Receive(Signed(h, 200, key: Key2)));
    }

    [Fact]
    public void Moving_active_key_by_reload_switches_the_signing_key_and_keeps_the_sequence_growing()
    {
        var h = Harness();
        h.Advance(TimeSpan.FromSeconds(5));
        var before = h.Take().OfType<SendAdvert>().Last();
        Assert.Equal(
            HmacVerdict.Ok,
            VrrpHmac.Verify(before.Payload.Span, IpAddressValue.Parse("192.0.2.10"), Peer(), out var last));

        h.Engine.Load(Config(active: 2), h.Now);
        int seen = 0;
        var end = h.Now + TimeSpan.FromSeconds(3);
        while (h.Now < end)
        {
            // Read each advert as it goes out: the payload buffer is the engine's and is re-signed for the next one.
            h.Advance(TimeSpan.FromMilliseconds(10));
            foreach (var s in h.Take().OfType<SendAdvert>())
            {
                Assert.Equal(2, VrrpHmac.ReadKeyId(s.Payload.Span));
                Assert.Equal(
                    HmacVerdict.Ok,
                    VrrpHmac.Verify(s.Payload.Span, IpAddressValue.Parse("192.0.2.10"), Peer(2), out var sequence));
                Assert.True(sequence.IsAfter(last));
                last = sequence;
                seen++;
            }
        }

        Assert.True(seen >= 2);

        Assert.Equal(VrrpState.Master, State(h));
    }
}
