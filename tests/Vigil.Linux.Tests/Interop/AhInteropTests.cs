using System.Net;
using System.Text.Json;
using Vigil.Lab;
using Vigil.Linux.Tests.Attacks;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>VRRPv2 with <c>auth_type AH</c> against keepalived 2.2.7 (Debian's) and 2.4.3 (skipped, with the reason,
/// where it is not installed), multicast and unicast: each side accepts the other's signed adverts and sequence
/// numbers, so they elect one master and fail over both ways; forged or replayed AH adverts from a third host are
/// dropped, counted as authentication failures, and move nothing; a sequence that runs out is repeated by a master
/// that stays master, as keepalived's is.</summary>
public sealed class AhInteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Ah = "authentication {\n auth_type AH\n auth_pass secret1\n }";

    // Longer than Master_Down_Interval at 1 s adverts (3 s + skew): a backup that refused the master's adverts
    // would have taken over by then.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>The instance on <paramref name="host"/> (1 or 2), its unicast peer the other one.</summary>
    private static string Conf(int priority, int host = 1, bool unicast = false) =>
        Configs.Global() + Configs.Instance(priority: priority, version: 2, advert: "1", extra: Ah + (unicast
            ? $"\n unicast_src_ip {TestLab.HostV4(host)}\n unicast_peer {{\n {TestLab.HostV4(3 - host)}\n }}"
            : ""));

    public static TheoryData<string, bool> Peers() => new()
    {
        { "2.2.7", false }, { "2.2.7", true }, { "2.4.3", false }, { "2.4.3", true },
    };

    private static Func<TestLab, int, string, Node> Require(string peer)
    {
        Root.RequireKeepalived();
        if (peer == "2.4.3")
        {
            Node.Require243();
            return Node.StartKeepalived243;
        }

        return Node.StartKeepalived;
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public void Vigil_master_keepalived_backup_and_failover_both_ways(string peer, bool unicast)
    {
        var start = Require(peer);
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(Conf(150, 1, unicast), Conf(100, 2, unicast), settle: Settle,
            peer: start);
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public void Keepalived_master_vigil_backup_and_takeover_on_priority_zero(string peer, bool unicast)
    {
        var start = Require(peer);
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(Conf(150, 1, unicast), Conf(100, 2, unicast), settle: Settle,
            peer: start);
    }

    /// <summary>keepalived crashes, Vigil takes over; the restarted keepalived starts its sequence afresh, adopts
    /// Vigil's from its adverts, and preempts it: Vigil accepts the continued sequence and steps down.</summary>
    [Theory]
    [MemberData(nameof(Peers))]
    public void Keepalived_crash_and_restart_moves_the_vip_to_vigil_and_back(string peer, bool unicast)
    {
        var start = Require(peer);
        using var lab = new TestLab(2);
        var ka = start(lab, 1, Conf(150, 1, unicast));
        ka.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var vigil = Node.StartVigil(lab, 2, Conf(100, 2, unicast));
        vigil.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        Thread.Sleep(Settle);
        Assert.False(vigil.Has("Entering MASTER STATE"), vigil.Log);

        ka.Crash();
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: true), vigil.Log);

        int mark = vigil.LineCount;
        var again = start(lab, 1, Conf(150, 1, unicast));
        again.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        vigil.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), again.Log);
        Assert.True(lab.AddressBecomes(2, "198.51.100.1", present: false), vigil.Log);
        Assert.False(again.Has("IPSEC-AH"), again.Log);
        Assert.False(vigil.Has("IPSEC-AH"), vigil.Log);
    }

    [Fact]
    public void Vigil_sends_protocol_51_with_keepalived_header_fields()
    {
        Root.RequireKeepalived();
        using var lab = new TestLab(2);
        using var capture = new Capture(lab.Host(2), 2, "ip proto 51 and src 192.0.2.11");
        var vigil = Node.StartVigil(lab, 1, Conf(150));
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var dump = capture.Wait(TimeSpan.FromSeconds(10));
        // tcpdump decodes the AH header: SPI is the sender's address, then VRRPv2 with auth type ah.
        Assert.Contains("tos 0xc0, ttl 255", dump);
        Assert.Contains("AH(length=4(24-bytes),spi=0xc000020b,seq=0x1,", dump);
        Assert.Contains("seq=0x2,", dump);
        Assert.Contains("VRRPv2, Advertisement, vrid 51, prio 150, authtype ah, intvl 1s", dump);
    }

    [Theory]
    [MemberData(nameof(Peers))]
    public void Wrong_key_and_replayed_adverts_from_a_third_host_are_dropped_counted_and_move_nothing(
        string peer,
        bool unicast)
    {
        var start = Require(peer);
        using var lab = new TestLab(3);
        var vigil = Node.StartVigil(lab, 1, Conf(150, 1, unicast));
        vigil.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var ka = start(lab, 2, Conf(100, 2, unicast));
        ka.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        Thread.Sleep(Settle);
        Assert.False(ka.Has("Entering MASTER STATE"), ka.Log);
        int vigilMark = vigil.LineCount, kaMark = ka.LineCount;
        long before = AuthFailures(lab);

        using var attacker = lab.Own(new AhAdvertInjector(lab, 3));
        // Priority 254 would make both step down if accepted. First a wrong key with a fresh sequence, then the
        // right key with sequence number 1, which Vigil's first advert already used (a replay). Unicast: the same
        // to each host, signed as a unicast instance signs.
        IPAddress?[] targets = unicast ? [TestLab.HostV4(1), TestLab.HostV4(2)] : [null];
        foreach (var to in targets)
        {
            attacker.Send(
                51, 254, "198.51.100.1", "wrong", 1_000_000, 10, TimeSpan.FromMilliseconds(50), unicastTo: to);
            attacker.Send(
                51, 254, "198.51.100.1", "secret1", 1, 10, TimeSpan.FromMilliseconds(50), step: 0, unicastTo: to);
        }

        Assert.Equal(20 * targets.Length, attacker.Sent);
        Assert.True(
            WaitUntil(() => AuthFailures(lab) - before == 20),
            $"auth_failure {AuthFailures(lab) - before}\n{vigil.Log}");
        Thread.Sleep(1000);
        Assert.False(vigil.Has("Entering BACKUP STATE", vigilMark), vigil.Log);
        Assert.False(ka.Has("Entering MASTER STATE", kaMark), ka.Log);
        // Both refused them, with keepalived's lines: the wrong key, then the replay.
        foreach (var node in new[] { vigil, ka })
        {
            Assert.True(node.Has("IPSEC-AH : invalid IPSEC HMAC-MD5 value", node == ka ? kaMark : vigilMark), node.Log);
            Assert.True(
                node.Has(@"IPSEC-AH : sequence number 1 already processed", node == ka ? kaMark : vigilMark),
                node.Log);
        }

        Assert.True(lab.HasAddress(1, "198.51.100.1"));
        Assert.False(lab.HasAddress(2, "198.51.100.1"));

        // The control: the same advert with the right key and a fresh sequence is obeyed.
        attacker.Send(51, 254, "198.51.100.1", "secret1", 2_000_000, 3, TimeSpan.FromMilliseconds(50),
            unicastTo: unicast ? TestLab.HostV4(1) : null);
        vigil.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long, vigilMark);
    }

    /// <summary>A node whose sequence nears its end (a peer with the key pushed it to 0xFFFFFFFC) takes over, sends
    /// 0xFFFFFFFD, 0xFFFFFFFE, then 0xFFFFFFFE again and again, and stays MASTER: keepalived and Vigil alike.</summary>
    [Theory]
    [InlineData("vigil")]
    [InlineData("2.2.7")]
    [InlineData("2.4.3")]
    public void A_sequence_that_runs_out_is_repeated_by_a_master_that_stays_master(string node)
    {
        Func<TestLab, int, string, Node> start = node == "vigil"
            ? (l, host, conf) => Node.StartVigil(l, host, conf)
            : Require(node);
        Root.Require();
        using var lab = new TestLab(3);
        using var capture = new Capture(lab.Host(2), 5, "ip proto 51 and src 192.0.2.11");
        var n = start(lab, 1, Conf(100));
        n.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        using var pusher = lab.Own(new AhAdvertInjector(lab, 3));
        pusher.Send(51, 200, "198.51.100.1", "secret1", 0xFFFFFFFA, 3, TimeSpan.FromMilliseconds(300));
        int mark = n.LineCount;
        n.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long, mark);
        var dump = capture.Wait(TimeSpan.FromSeconds(10));
        var sequences = System.Text.RegularExpressions.Regex.Matches(dump, @"seq=(0x[0-9a-f]+)")
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Equal(["0xfffffffd", "0xfffffffe", "0xfffffffe", "0xfffffffe", "0xfffffffe"], sequences);
        Assert.False(n.Has("Entering BACKUP STATE", mark), n.Log);
    }

    public static TheoryData<string> Nodes() => ["vigil", "2.2.7", "2.4.3"];

    private static Func<TestLab, int, string, Node> Starter(string node)
    {
        Root.Require();
        return node == "vigil" ? (l, host, conf) => Node.StartVigil(l, host, conf) : Require(node);
    }

    /// <summary>A MASTER hearing a lower-priority advert with sequence 1000000 takes it plus one ("Syncing
    /// seq_num"), so its answer carries 1000002 and the next advert 1000003: keepalived and Vigil alike.</summary>
    [Theory]
    [MemberData(nameof(Nodes))]
    public void A_master_answers_a_lower_priority_advert_with_its_sequence_plus_two(string node)
    {
        var start = Starter(node);
        using var lab = new TestLab(3);
        var n = start(lab, 1, Conf(150));
        var (mark, _) = n.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        using var capture = new Capture(lab.Host(2), 2, "ip proto 51 and src 192.0.2.11 and ip[28:4] > 999999");
        Thread.Sleep(1000); // tcpdump listening
        using var lower = lab.Own(new AhAdvertInjector(lab, 3));
        lower.Send(51, 50, "198.51.100.1", "secret1", 1_000_000, 1, TimeSpan.Zero);
        var dump = capture.Wait(TimeSpan.FromSeconds(10));
        var sequences = System.Text.RegularExpressions.Regex.Matches(dump, @"seq=(0x[0-9a-f]+)")
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Equal(["0xf4242", "0xf4243"], sequences);
        Assert.True(n.Has("IPSEC-AH : Syncing seq_num - Increment seq", mark), n.Log);
        Assert.False(n.Has("Entering BACKUP STATE", mark), n.Log);
    }

    /// <summary>A correctly signed advert whose SPI is not its source address is refused by keepalived ("invalid
    /// IPSEC SPI value") and by Vigil, which counts it as an authentication failure; it moves nothing.</summary>
    [Theory]
    [MemberData(nameof(Nodes))]
    public void A_signed_advert_whose_spi_is_not_its_source_is_refused(string node)
    {
        var start = Starter(node);
        using var lab = new TestLab(3);
        var n = start(lab, 1, Conf(100));
        n.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        int mark = n.LineCount;
        long before = node == "vigil" ? AuthFailures(lab) : 0;
        using var forger = lab.Own(new AhAdvertInjector(lab, 3));
        forger.Send(51, 254, "198.51.100.1", "secret1", 1_000_000, 5, TimeSpan.FromMilliseconds(100),
            spi: TestLab.HostV4(2));
        Assert.Equal(5, forger.Sent);
        if (node == "vigil")
        {
            Assert.True(
                WaitUntil(() => AuthFailures(lab) - before == 5),
                $"auth_failure {AuthFailures(lab) - before}\n{n.Log}");
        }
        else
        {
            n.WaitFor("IPSEC AH : invalid IPSEC SPI value", Long, mark);
        }

        Thread.Sleep(1500);
        Assert.True(n.Has("invalid IPSEC SPI value", mark), n.Log);
        Assert.False(n.Has("Entering BACKUP STATE", mark), n.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));

        // The control: the same advert with the SPI its source address is obeyed.
        forger.Send(51, 254, "198.51.100.1", "secret1", 2_000_000, 3, TimeSpan.FromMilliseconds(100));
        n.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long, mark);
    }

    private static long AuthFailures(TestLab lab)
    {
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "status", "--json", "--control",
            Path.Combine(lab.WorkDir, "h1", "control.sock"));
        Assert.True(code == 0, output + err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("instances")[0].GetProperty("counters").GetProperty("dropped")
            .GetProperty("auth_failure").GetInt64();
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var end = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < end)
        {
            if (condition())
                return true;
            Thread.Sleep(200);
        }
        return condition();
    }
}
