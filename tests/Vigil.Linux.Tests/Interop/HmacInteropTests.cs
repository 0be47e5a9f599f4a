using System.Text.Json;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Lab;
using Vigil.Linux.Tests.Attacks;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>auth_hmac against keepalived 2.4.3 (VIGIL_KEEPALIVED_243; skipped with the reason where it is absent):
/// each side verifies the other's signed adverts, so they elect one master and fail over both ways, in v3 IPv4
/// multicast and unicast, v2 IPv4 multicast and unicast, v3 IPv6 multicast and unicast; forged, wrong-key, unsigned and
/// stale adverts from a third host are dropped and counted by both and move nothing; moving active_key by reload on
/// both is no flap.</summary>
public sealed class HmacInteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";
    private const string KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Key2Hex = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";

    // Longer than Master_Down_Interval at 1 s adverts (3 s + skew): a backup refusing the master's adverts would
    // have taken over by then.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private static string Hmac(int active = 1, string mode = "enforce", int window = 5) =>
        $"auth_hmac {{\n key 1 hex:{KeyHex}\n key 2 hex:{Key2Hex}\n active_key {active}\n mode {mode}\n " +
        $"time_window {window}\n }}";

    private static string Conf(
        int priority,
        int version = 3,
        string extra = "",
        string vips = "198.51.100.1/24",
        int active = 1) =>
        Configs.Global() + Configs.Instance(priority: priority, version: version, advert: "1", vips: vips,
            extra: Hmac(active) + "\n" + extra);

    private static string Unicast(int self, int peer) =>
        $"unicast_src_ip {TestLab.HostV4(self)}\n unicast_peer {{\n {TestLab.HostV4(peer)}\n }}";

    private static void Require()
    {
        Root.Require();
        Node.Require243();
    }

    [Fact]
    public void V3_ipv4_multicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(
            Conf(150),
            Conf(100),
            settle: Settle,
            peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv4_multicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(
            Conf(150),
            Conf(100),
            settle: Settle,
            peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V2_ipv4_multicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(
            Conf(150, 2),
            Conf(100, 2),
            settle: Settle,
            peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V2_ipv4_multicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(
            Conf(150, 2),
            Conf(100, 2),
            settle: Settle,
            peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V2_ipv4_unicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(Conf(150, 2, Unicast(1, 2)), Conf(100, 2, Unicast(2, 1)),
            settle: Settle, peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V2_ipv4_unicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(Conf(150, 2, Unicast(1, 2)), Conf(100, 2, Unicast(2, 1)),
            settle: Settle, peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv6_multicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(
            Conf(150, vips: "2001:db8:1::1/64"),
            Conf(100, vips: "2001:db8:1::1/64"),
            "2001:db8:1::1",
            Settle,
            Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv6_multicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(
            Conf(150, vips: "2001:db8:1::1/64"),
            Conf(100, vips: "2001:db8:1::1/64"),
            "2001:db8:1::1",
            Settle,
            Node.StartKeepalived243);
    }

    /// <summary>Vigil master (h1), keepalived 2.4.3 backup (h2), a third host (h3) sending priority-254 v3 adverts: no
    /// trailer, signed with a wrong key, signed with the right key but a minute old, and signed by h3 with the right
    /// key but sent as from h2. Each is dropped and counted under its own name by Vigil, keepalived refuses them too,
    /// and nobody moves. The control: the right key and a fresh sequence is obeyed.</summary>
    [Fact]
    public void Forged_adverts_from_a_third_host_are_dropped_counted_and_move_nothing()
    {
        Require();
        using var lab = new TestLab(3);
        var vigil = Node.StartVigil(lab, 1, Conf(150));
        vigil.WaitFor(Master, Long);
        var ka = Node.StartKeepalived243(lab, 2, Conf(100));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(Settle);
        Assert.False(ka.Has(Master), ka.Log);
        int vigilMark = vigil.LineCount, kaMark = ka.LineCount;
        var before = Dropped(lab);

        using var attacker = lab.Own(new AdvertInjector(lab, 3));
        var h2 = TestLab.HostV4(2);
        var key = Convert.FromHexString(KeyHex);
        byte[] Advert(IpAddressValue signer, byte[]? signKey, long ageSeconds, bool trailer = true)
        {
            var plain = attacker.V3(51, 254, 100, "198.51.100.1");
            if (!trailer)
                return plain;
            var payload = new byte[plain.Length + VrrpHmac.TrailerLength];
            plain.CopyTo(payload, 0);
            long now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10 - ageSeconds * 1_000_000;
            VrrpHmac.Sign(payload, signer, 1, signKey ?? key, HmacSequence.FromUnixMicroseconds(now));
            return payload;
        }

        var self = IpAddressValue.FromIPAddress(attacker.Source);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(attacker.SendFrom(Advert(self, null, 0, trailer: false), attacker.Source));
            Assert.True(attacker.SendFrom(Advert(self, Convert.FromHexString(Key2Hex), 0), attacker.Source));
            Assert.True(attacker.SendFrom(Advert(self, null, 60), attacker.Source));
            // Signed by h3 for its own address, sent as from h2 (the pseudo-header binds the source).
            var spoofed = Advert(self, null, 0);
            Assert.True(attacker.SendFrom(spoofed, h2));
            Thread.Sleep(100);
        }

        Assert.True(WaitUntil(() => Delta(lab, before, "auth_ext_missing") == 3
            && Delta(lab, before, "auth_ext_invalid_hmac") == 6
            && Delta(lab, before, "auth_ext_stale") == 3),
            $"{string.Join(", ", Dropped(lab).Where(d => d.Value != 0))}\n{vigil.Log}");
        Thread.Sleep(1000);
        Assert.False(vigil.Has("Entering BACKUP STATE", vigilMark), vigil.Log);
        Assert.False(ka.Has("Entering MASTER STATE", kaMark), ka.Log);
        Assert.True(ka.Has("invalid authentication HMAC from", kaMark), ka.Log); // keepalived refused them too
        Assert.True(ka.Has("missing authentication trailer from", kaMark), ka.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));
        Assert.False(lab.HasAddress(2, "198.51.100.1"));

        // The control: the right key, h3's own address, a fresh sequence: Vigil obeys it.
        for (int i = 0; i < 3; i++)
        {
            attacker.SendFrom(Advert(self, null, 0), attacker.Source);
            Thread.Sleep(50);
        }

        vigil.WaitFor(Backup, Long, vigilMark);
    }

    private static string V6Unicast(int self, int peer) =>
        $"unicast_src_ip {TestLab.HostV6(self)}\n unicast_peer {{\n {TestLab.HostV6(peer)}\n }}";

    [Fact]
    public void V3_ipv6_unicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(Conf(150, extra: V6Unicast(1, 2), vips: "2001:db8:1::1/64"),
            Conf(100, extra: V6Unicast(2, 1), vips: "2001:db8:1::1/64"),
            "2001:db8:1::1",
            Settle,
            Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv6_unicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(Conf(150, extra: V6Unicast(1, 2), vips: "2001:db8:1::1/64"),
            Conf(100, extra: V6Unicast(2, 1), vips: "2001:db8:1::1/64"),
            "2001:db8:1::1",
            Settle,
            Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv4_unicast_vigil_master_keepalived_2_4_3_backup_and_failover_both_ways()
    {
        Require();
        KeepalivedInteropTests.VigilMasterKeepalivedBackup(Conf(150, 3, Unicast(1, 2)), Conf(100, 3, Unicast(2, 1)),
            settle: Settle, peer: Node.StartKeepalived243);
    }

    [Fact]
    public void V3_ipv4_unicast_keepalived_2_4_3_master_vigil_backup_and_takeover_on_priority_zero()
    {
        Require();
        KeepalivedInteropTests.KeepalivedMasterVigilBackup(Conf(150, 3, Unicast(1, 2)), Conf(100, 3, Unicast(2, 1)),
            settle: Settle, peer: Node.StartKeepalived243);
    }

    /// <summary>keepalived 2.4.3 master (h2), Vigil backup (h1); a third host records keepalived's latest advert,
    /// keepalived crashes, Vigil takes over, and the recorded advert (correctly signed, a few seconds old, inside a 30
    /// s window) is sent again as from h2: Vigil has accepted that sequence already, so it is a replay: dropped,
    /// counted, and Vigil stays MASTER (accepted, priority 150 would have made it step down).</summary>
    [Fact]
    public void A_replayed_keepalived_advert_from_a_third_host_is_dropped_counted_and_moves_nothing()
    {
        Require();
        using var lab = new TestLab(3);
        string Windowed(int priority) =>
            Configs.Global() + Configs.Instance(priority: priority, version: 3, advert: "1",
                extra: Hmac(window: 30));
        var ka = Node.StartKeepalived243(lab, 2, Windowed(150));
        ka.WaitFor(Master, Long);
        var vigil = Node.StartVigil(lab, 1, Windowed(100));
        vigil.WaitFor(Backup, Long);
        Thread.Sleep(TimeSpan.FromSeconds(2));
        string dump;
        using (var capture = new Capture(lab.Host(3), 1, $"ip proto 112 and src {TestLab.HostV4(2)}", hex: true))
            dump = capture.Wait(TimeSpan.FromSeconds(5));
        var recorded = Capture.IpPackets(dump).Single();
        ka.Crash();
        int mark = vigil.LineCount;
        vigil.WaitFor(Master, Long);
        var before = Dropped(lab);

        using var attacker = lab.Own(new AdvertInjector(lab, 3));
        var payload = recorded[((recorded[0] & 0x0F) * 4)..];
        Assert.Equal(150, payload[2]);
        for (int i = 0; i < 3; i++)
            Assert.True(attacker.SendFrom(payload, TestLab.HostV4(2)));
        Assert.True(WaitUntil(() => Delta(lab, before, "auth_ext_replay") == 3),
            $"{string.Join(", ", Dropped(lab).Where(d => d.Value != 0))}\n{vigil.Log}");
        Thread.Sleep(1000);
        Assert.False(vigil.Has("Entering BACKUP STATE", mark), vigil.Log);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));
    }

    /// <summary>Make before break: both hold keys 1 and 2 and sign with 1; both reload with active_key 2 (keepalived
    /// first, so for a while each side signs with another key than the other); neither moves nor refuses an
    /// advert.</summary>
    [Fact]
    public void Moving_active_key_on_both_by_reload_is_no_flap()
    {
        Require();
        using var lab = new TestLab(2);
        var vigil = Node.StartVigil(lab, 1, Conf(150));
        vigil.WaitFor(Master, Long);
        var ka = Node.StartKeepalived243(lab, 2, Conf(100));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(Settle);
        int vigilMark = vigil.LineCount, kaMark = ka.LineCount;

        File.WriteAllText(ka.ConfigFile, Conf(100, active: 2));
        ka.Signal("HUP");
        Thread.Sleep(Settle);
        File.WriteAllText(vigil.ConfigFile, Conf(150, active: 2));
        vigil.Signal("HUP");
        vigil.WaitFor("[Rr]eload", Long, vigilMark);
        Thread.Sleep(Settle);

        Assert.False(vigil.Has("Entering (BACKUP|MASTER) STATE", vigilMark), vigil.Log);
        Assert.False(ka.Has("Entering MASTER STATE", kaMark), ka.Log);
        Assert.False(ka.Has("authentication", kaMark), ka.Log);
        Assert.All(
            Dropped(lab).Where(d => d.Key.StartsWith("auth_ext_", StringComparison.Ordinal)),
            d => Assert.Equal(0, d.Value));
        Assert.True(lab.HasAddress(1, "198.51.100.1"));
    }

    /// <summary>An unauthenticated cluster migrates as keepalived's documentation says: receive-only everywhere, then
    /// permissive, then enforce, keepalived reloading before Vigil in every sweep. Nobody moves, keepalived never
    /// refuses one of Vigil's adverts, and at the end Vigil verifies keepalived's trailers and refuses none.</summary>
    [Fact]
    public void Receive_only_then_permissive_then_enforce_migration_is_hitless()
    {
        Require();
        using var lab = new TestLab(2);
        string Plain(int priority) => Configs.Global() + Configs.Instance(priority: priority, version: 3, advert: "1");
        string Mode(int priority, string mode) =>
            Configs.Global() + Configs.Instance(priority: priority, version: 3, advert: "1",
                extra: Hmac(mode: mode));
        var vigil = Node.StartVigil(lab, 1, Plain(150));
        vigil.WaitFor(Master, Long);
        var ka = Node.StartKeepalived243(lab, 2, Plain(100));
        ka.WaitFor(Backup, Long);
        Thread.Sleep(Settle);
        int vigilMark = vigil.LineCount, kaMark = ka.LineCount;

        int enforced = 0;
        foreach (var mode in new[] { "receive-only", "permissive", "enforce" })
        {
            File.WriteAllText(ka.ConfigFile, Mode(100, mode));
            ka.Signal("HUP");
            Thread.Sleep(Settle);
            int before = vigil.LineCount;
            File.WriteAllText(vigil.ConfigFile, Mode(150, mode));
            vigil.Signal("HUP");
            vigil.WaitFor("Reloading configuration", Long, before);
            enforced = ka.LineCount;
            Thread.Sleep(Settle);
        }

        Assert.False(vigil.Has("Entering (BACKUP|MASTER) STATE", vigilMark), vigil.Log);
        Assert.False(ka.Has("Entering MASTER STATE", kaMark), ka.Log);
        Assert.False(ka.Has("too long|invalid authentication|unknown authentication", kaMark), ka.Log);
        Assert.All(
            Dropped(lab).Where(d => d.Key.StartsWith("auth_ext_", StringComparison.Ordinal)),
            d => Assert.Equal(0, d.Value));
        // Enforcing keepalived got a trailer on each of Vigil's adverts since Vigil enforces (and signs) too.
        Assert.False(ka.Has("missing authentication trailer", enforced), ka.Log);
        Assert.True(Counter(lab, "adverts_sent") > 0);
        Assert.True(lab.HasAddress(1, "198.51.100.1"));
        Assert.False(lab.HasAddress(2, "198.51.100.1"));
    }

    private static long Counter(TestLab lab, string name)
    {
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "status", "--json", "--control",
            Path.Combine(lab.WorkDir, "h1", "control.sock"));
        Assert.True(code == 0, output + err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("instances")[0].GetProperty("counters").GetProperty(name).GetInt64();
    }

    private static long Delta(TestLab lab, Dictionary<string, long> before, string name) =>
        Dropped(lab)[name] - before[name];

    private static Dictionary<string, long> Dropped(TestLab lab)
    {
        var (code, output, err) = Shell.Run("dotnet", Node.VigilDll, "status", "--json", "--control",
            Path.Combine(lab.WorkDir, "h1", "control.sock"));
        Assert.True(code == 0, output + err);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.GetProperty("instances")[0].GetProperty("counters").GetProperty("dropped")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
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
