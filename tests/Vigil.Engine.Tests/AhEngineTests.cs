using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>auth_type AH in the engine: sent adverts carry the AH header, the key and an increasing sequence
/// number; received ones are verified, replays refused and counted, and an accepted sequence number is
/// adopted.</summary>
public sealed class AhEngineTests
{
    private static readonly VrrpPassword Key = VrrpPassword.FromString("secret1");

    private static EngineHarness Harness(int priority = 100) =>
        new(Cluster(
            Instance("VI_1", 51, priority, "198.51.100.1/24") with { AuthType = AuthType.Ah, AuthPass = "secret1" }));

    /// <summary>A signed datagram from 192.0.2.20 (above the harness's own 192.0.2.10).</summary>
    private static byte[] Datagram(byte priority, uint sequence, string key = "secret1", string source = "192.0.2.20",
        string destination = "224.0.0.18", byte ttl = 255, bool unicast = false)
    {
        var password = VrrpPassword.FromString(key);
        var spec = new VrrpAdvertSpec(VrrpVersion.V2, IpFamily.IPv4, new(51), new(priority),
            VrrpWire.FromCentiseconds(100), IpAddressValue.Parse(source),
            IpAddressValue.Parse(destination), VrrpAuthType.Ah, password);
        var buffer = new byte[128];
        int payload = VrrpAh.EncodeAdvert(spec, [IpAddressValue.Parse("198.51.100.1")], sequence, buffer.AsSpan(20));
        int header = Ipv4Header.Write(
            buffer,
            spec.Source,
            spec.Destination,
            payload,
            7,
            ttl,
            protocol: VrrpAh.Protocol);
        VrrpAh.Sign(buffer.AsSpan(0, header + payload), password, unicast);
        return buffer[..(header + payload)];
    }

    private static long AuthFailures(EngineHarness h) =>
        h.Engine.GetInstanceStatus("VI_1")!.Counters.Dropped.GetValueOrDefault("auth_failure");

    private static uint SequenceOf(SendAdvert s) => VrrpAh.ReadSequence(s.Payload.Span);

    /// <summary>The sequence numbers sent over <paramref name="span"/>, read as each advert goes out (the payload
    /// buffer is the engine's and is rewritten for the next advert, as the daemon sends each one at once).</summary>
    private static List<(SendAdvert Advert, uint Sequence)> SendsOver(EngineHarness h, TimeSpan span)
    {
        var sent = new List<(SendAdvert, uint)>();
        var end = h.Now + span;
        while (h.Now < end)
        {
            h.Advance(TimeSpan.FromMilliseconds(10));
            sent.AddRange(h.Take().OfType<SendAdvert>().Select(s => (s, SequenceOf(s))));
        }

        return sent;
    }

    [Fact]
    public void A_master_sends_ah_adverts_with_the_key_and_sequence_numbers_from_one()
    {
        var h = Harness();
        var sent = SendsOver(h, TimeSpan.FromSeconds(10));
        Assert.True(sent.Count >= 5);
        var sequences = new List<uint>();
        foreach (var (s, sequence) in sent)
        {
            Assert.Equal(Key, s.AhKey);
            var p = s.Payload.Span;
            Assert.Equal((byte)112, p[0]);
            Assert.Equal((byte)4, p[1]);
            Assert.Equal(new byte[] { 192, 0, 2, 10 }, p[4..8].ToArray()); // SPI: our address
            Assert.Equal((byte)VrrpAuthType.Ah, p[VrrpAh.HeaderLength + 4]);
            sequences.Add(sequence);
        }

        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (uint)i), sequences);
    }

    [Fact]
    public void A_backup_accepts_a_fresh_sequence_adopts_it_and_refuses_replays()
    {
        var h = Harness();
        h.Take();
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 40), h.Now));
        Assert.Equal(DropReason.AuthFailure, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 40), h.Now));
        Assert.Equal(DropReason.AuthFailure, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 12), h.Now));
        Assert.Equal(
            DropReason.AuthFailure,
            h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 41, key: "wrong"), h.Now));
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 41), h.Now));
        Assert.Equal(3, AuthFailures(h));

        // The master falls silent: this backup takes over and continues the sequence it adopted.
        var sent = SendsOver(h, TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(42u, sent[0].Sequence);
    }

    [Fact]
    public void A_master_that_outranks_the_sender_stays_ahead_of_its_sequence()
    {
        var h = Harness(priority: 200);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Take();

        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(100, 500), h.Now));
        // As keepalived: the master takes 500 + 1, so the answer sent at once carries 502, and every advert after it
        // one more: all above the sender's 500.
        var sent = h.Take().OfType<SendAdvert>().Select(SequenceOf).ToList();
        Assert.Single(sent);
        sent.AddRange(SendsOver(h, TimeSpan.FromSeconds(2)).Select(x => x.Sequence));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(Enumerable.Range(502, sent.Count).Select(i => (uint)i), sent);
    }

    [Fact]
    public void A_master_answers_priority_zero_with_the_next_number_only()
    {
        var h = Harness(priority: 200);
        h.Advance(TimeSpan.FromSeconds(5));
        h.Take();
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(0, 500), h.Now));
        Assert.Equal(501u, SequenceOf(h.Take().OfType<SendAdvert>().Single()));
    }

    [Fact]
    public void A_sequence_that_runs_out_is_repeated_by_a_master_that_stays_master()
    {
        var h = Harness();
        h.Take();
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 0xFFFFFFFC), h.Now));
        var sent = SendsOver(h, TimeSpan.FromSeconds(10)).Select(x => x.Sequence).ToList();
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal([0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE], sent.Take(3));
        Assert.All(sent.Skip(1), s => Assert.Equal(0xFFFFFFFEu, s));
    }

    [Fact]
    public void A_master_whose_sequence_ran_out_restarts_from_one_when_it_next_becomes_master()
    {
        var h = Harness();
        h.Take();
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 0xFFFFFFFD), h.Now));
        var sent = SendsOver(h, TimeSpan.FromSeconds(8)).Select(x => x.Sequence).ToList();
        Assert.Equal([0xFFFFFFFE, 0xFFFFFFFE], sent.Take(2));

        // FAULT and back: BACKUP, then MASTER again with a fresh sequence.
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Engine.OnLinkChanged("eth0", true, h.Now);
        h.Take();
        sent = SendsOver(h, TimeSpan.FromSeconds(8)).Select(x => x.Sequence).ToList();
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(Enumerable.Range(1, sent.Count).Select(i => (uint)i), sent);
    }

    [Fact]
    public void A_unicast_instance_signs_with_the_ttl_left_out_and_verifies_its_peers_that_way()
    {
        var h = new EngineHarness(Cluster(Instance("VI_1", 51, 100, "198.51.100.1/24") with
        {
            AuthType = AuthType.Ah,
            AuthPass = "secret1",
            UnicastPeers = [new UnicastPeerConfig { Address = System.Net.IPAddress.Parse("192.0.2.20") }],
        }));
        h.Take();
        var fromPeer = Datagram(200, 5, destination: "192.0.2.10", ttl: 64, unicast: true);
        Assert.Equal(DropReason.AuthFailure, h.Engine.OnAhAdvertReceived("eth0",
            Datagram(200, 4, destination: "192.0.2.10", ttl: 64, unicast: false), h.Now));
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", fromPeer, h.Now));

        var sent = SendsOver(h, TimeSpan.FromSeconds(5));
        Assert.NotEmpty(sent);
        Assert.All(sent, s => Assert.True(s.Advert.AhUnicast));
        Assert.Equal(6u, sent[0].Sequence);
    }

    [Fact]
    public void A_multicast_instance_signs_with_the_ttl_counted()
    {
        var h = Harness();
        var sent = SendsOver(h, TimeSpan.FromSeconds(5));
        Assert.NotEmpty(sent);
        Assert.All(sent, s => Assert.False(s.Advert.AhUnicast));
    }

    [Fact]
    public void A_verified_advert_whose_spi_is_not_its_source_is_dropped_and_counted()
    {
        var h = Harness();
        h.Take();
        var datagram = Datagram(200, 9);
        datagram[20 + 7] ^= 1;
        VrrpAh.Sign(datagram, Key, unicast: false);
        Assert.Equal(DropReason.AuthFailure, h.Engine.OnAhAdvertReceived("eth0", datagram, h.Now));
        Assert.Equal(1, AuthFailures(h));
        // Nothing was adopted: a correct advert with a lower number is still fresh.
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 2), h.Now));
    }

    [Fact]
    public void Plain_adverts_for_an_ah_instance_are_mismatches_and_malformed_datagrams_are_dropped()
    {
        var h = Harness();
        h.Take();
        Assert.Equal(DropReason.AuthTypeMismatch, h.Receive(EngineHarness.Advert(51, 200, vips: "198.51.100.1")));
        var otherVrid = Datagram(200, 1);
        otherVrid[20 + VrrpAh.HeaderLength + 1] = 52;
        Assert.Equal(DropReason.Vrid, h.Engine.OnAhAdvertReceived("eth0", otherVrid, h.Now));
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = Datagram(200, (uint)(1000 + i));
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            h.Engine.OnAhAdvertReceived("eth0", bytes.AsSpan(0, random.Next(bytes.Length + 1)), h.Now);
        }
    }

    [Fact]
    public void Each_refusal_logs_keepalived_s_line_for_its_cause_once_per_cause_and_sender()
    {
        var h = Harness();
        h.Take();
        Assert.Equal(DropReason.None, h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 40), h.Now));
        h.Take();
        for (var i = 0; i < 3; i++)
        {
            h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 41, key: "secret2"), h.Now);
        }

        h.Engine.OnAhAdvertReceived("eth0", Datagram(200, 40), h.Now);
        var spi = Datagram(200, 42);
        spi[20 + 7] ^= 0x01; // SPI 192.0.2.21 from 192.0.2.20, signed again
        VrrpAh.Sign(spi, Key, unicast: false);
        h.Engine.OnAhAdvertReceived("eth0", spi, h.Now);

        var lines = h.Take().OfType<LogLine>().Select(l => l.Message).Where(m => m.Contains("IPSEC-AH")).ToList();
        Assert.Equal(
            [
                "(VI_1) IPSEC-AH : invalid IPSEC HMAC-MD5 value from 192.0.2.20. "
                    + "Due to fields mutation or bad password !",
                "(VI_1) IPSEC-AH : sequence number 40 already processed. Packet dropped. Local(40)",
                "(VI_1) IPSEC-AH : invalid IPSEC SPI value 192.0.2.21, expected the source address 192.0.2.20",
            ],
            lines);
        Assert.Equal(5, AuthFailures(h));
    }
}
