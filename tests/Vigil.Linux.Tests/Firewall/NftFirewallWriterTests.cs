using System.Net;
using Vigil.Linux.Firewall;

namespace Vigil.Linux.Tests.Firewall;

/// <summary>The nft writer without nft: what text it runs, when it rebuilds, and how it merges changes made while a
/// write runs (the runner is a fake that records and can hold or fail a run).</summary>
public sealed class NftFirewallWriterTests
{
    private sealed class FakeNft
    {
        public readonly List<string> Runs = [];
        public TaskCompletionSource<string?>? Hold;
        public string? FailWith;

        public Task<string?> Run(string text)
        {
            lock (Runs)
                Runs.Add(text);
            return Hold?.Task ?? Task.FromResult(FailWith);
        }
    }

    private static readonly NftSettings Both = new("keepalived", -1, false, true, true);
    private static readonly IPAddress V4 = IPAddress.Parse("192.0.2.100");
    private static readonly IPAddress V6 = IPAddress.Parse("2001:db8::100");

    [Fact]
    public void The_first_write_rebuilds_both_families_and_later_ones_only_refill_the_sets()
    {
        var nft = new FakeNft();
        var fw = new NftFirewall(_ => { }, nft.Run);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.SetDrops("VI_1", [V4, V6]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));

        Assert.Equal(2, nft.Runs.Count);
        Assert.StartsWith("add table ip keepalived\ndelete table ip keepalived\nadd table ip6 keepalived\ndelete table ip6 keepalived\n", nft.Runs[0]);
        Assert.Contains("add chain ip keepalived in { type filter hook input priority -1; policy accept; }", nft.Runs[0]);
        Assert.Contains("add rule ip6 keepalived out ip6 saddr @vips drop", nft.Runs[0]);
        Assert.Equal("flush set ip keepalived vips\nadd element ip keepalived vips { 192.0.2.100 }\n" +
                     "flush set ip6 keepalived vips\nadd element ip6 keepalived vips { 2001:db8::100 }\n", nft.Runs[1]);
        Assert.Equal(["192.0.2.100", "2001:db8::100"], fw.Status.Dropped);
        Assert.Equal(("keepalived", 2L, 0L), (fw.Status.Table, fw.Status.Writes, fw.Status.Failures));
    }

    [Fact]
    public void Changes_made_while_a_write_runs_are_merged_into_one_more_write_with_the_union()
    {
        var nft = new FakeNft { Hold = new TaskCompletionSource<string?>() };
        var fw = new NftFirewall(_ => { }, nft.Run);
        fw.Configure(Both);
        SpinWait.SpinUntil(() => nft.Runs.Count == 1, TimeSpan.FromSeconds(5));
        fw.SetDrops("VI_1", [V4]);
        fw.SetDrops("VI_2", [V4, V6]);
        fw.SetDrops("VI_1", []);
        Assert.True(fw.Status.Pending);
        var held = nft.Hold;
        nft.Hold = null;
        held.SetResult(null);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, nft.Runs.Count);
        Assert.Contains("add element ip keepalived vips { 192.0.2.100 }", nft.Runs[1]);
        Assert.Contains("add element ip6 keepalived vips { 2001:db8::100 }", nft.Runs[1]);
        Assert.False(fw.Status.Pending);
    }

    [Fact]
    public void A_failed_write_is_counted_and_reported_and_the_next_change_rebuilds()
    {
        var warnings = new List<string>();
        var nft = new FakeNft { FailWith = "nft exited with status 1" };
        var fw = new NftFirewall(m => { lock (warnings) warnings.Add(m); }, nft.Run);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal((1L, "nft exited with status 1"), (fw.Status.Failures, fw.Status.LastError));
        Assert.Single(warnings);

        nft.FailWith = null;
        fw.SetDrops("VI_1", [V4]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.StartsWith("add table ip keepalived\ndelete table ip keepalived", nft.Runs[1]);
        Assert.Contains("add element ip keepalived vips { 192.0.2.100 }", nft.Runs[1]);
    }

    [Fact]
    public void Renaming_the_table_deletes_the_old_one_and_turning_both_families_off_only_deletes()
    {
        var nft = new FakeNft();
        var fw = new NftFirewall(_ => { }, nft.Run);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.Configure(Both with { Table = "other", IPv6 = false });
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Contains("delete table ip6 keepalived", nft.Runs[1]);
        Assert.Contains("add table ip other\nadd set ip other vips", nft.Runs[1]);
        Assert.DoesNotContain("add set ip6", nft.Runs[1]);

        fw.Configure(Both with { Table = "other", IPv4 = false, IPv6 = false });
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal("add table ip other\ndelete table ip other\nadd table ip6 other\ndelete table ip6 other\n", nft.Runs[2]);
        Assert.Null(fw.Status.Table);
    }

    [Fact]
    public void Counters_and_priority_reach_the_rules_and_hooks()
    {
        var text = NftScript.Rebuild([], new NftSettings("t", -7, true, true, false), [V4]);
        Assert.Contains("add chain ip t out { type filter hook output priority -7; policy accept; }", text);
        Assert.Contains("add rule ip t in ip daddr @vips counter drop", text);
        Assert.Contains("add element ip t vips { 192.0.2.100 }", text);
    }
}
