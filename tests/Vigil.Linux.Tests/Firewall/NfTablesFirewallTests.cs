using System.Net;
using Vigil.Linux.Firewall;

namespace Vigil.Linux.Tests.Firewall;

/// <summary>The netlink writer without the kernel: which messages it sends, when it rebuilds, how it merges changes
/// made while a write runs, and how it reports a failure (the sender is a fake that records each batch's operations
/// and can hold or fail a send).</summary>
public sealed class NfTablesFirewallTests
{
    private sealed class FakeKernel
    {
        public readonly List<IReadOnlyList<string>> Batches = [];
        public ManualResetEventSlim? Hold;
        public string? FailWith;

        public string? Send(NfTablesBatch batch)
        {
            lock (Batches)
                Batches.Add([.. batch.Operations]);
            Hold?.Wait(TimeSpan.FromSeconds(10));
            return FailWith;
        }
    }

    private static readonly NftSettings Both = new("keepalived", -1, false, true, true);
    private static readonly IPAddress V4 = IPAddress.Parse("192.0.2.100");
    private static readonly IPAddress V4b = IPAddress.Parse("192.0.2.101");
    private static readonly IPAddress V6 = IPAddress.Parse("2001:db8::100");

    private static NfTablesFirewall Writer(
        FakeKernel kernel,
        List<string>? warnings = null,
        List<string>? recovered = null) =>
        new(m => { lock (kernel) warnings?.Add(m); }, m => { lock (kernel) recovered?.Add(m); }, kernel.Send,
            name => name == "d0" ? 7 : 0);

    [Fact]
    public void The_first_write_rebuilds_both_families_and_a_master_entry_then_only_adds_elements()
    {
        var kernel = new FakeKernel();
        var fw = Writer(kernel);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.SetDrops("VI_1", [V4, V6]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));

        Assert.Equal(2, kernel.Batches.Count);
        Assert.Equal(
            [
                "add table ip keepalived",
                "delete table ip keepalived",
                "add table ip6 keepalived",
                "delete table ip6 keepalived"],
            kernel.Batches[0].Take(4));
        Assert.Contains("add chain ip keepalived in", kernel.Batches[0]);
        Assert.Contains("add rule ip6 keepalived out ip6 saddr @vips drop", kernel.Batches[0]);
        Assert.Contains("add rule ip6 keepalived in ip6 daddr fe80::/10 goto in_link_local", kernel.Batches[0]);
        Assert.DoesNotContain(kernel.Batches[0], o => o.Contains("vips_link_local", StringComparison.Ordinal));
        Assert.Equal(
            ["add element ip keepalived vips { 192.0.2.100 }", "add element ip6 keepalived vips { 2001:db8::100 }"],
            kernel.Batches[1]);
        Assert.Equal(["192.0.2.100", "2001:db8::100"], fw.Status.Dropped);
        Assert.Equal(("keepalived", 2L, 0L), (fw.Status.Table, fw.Status.Writes, fw.Status.Failures));
    }

    [Fact]
    public void Later_writes_add_and_delete_only_what_changed()
    {
        var kernel = new FakeKernel();
        var fw = Writer(kernel);
        fw.Configure(Both with { IPv6 = false });
        fw.SetDrops("VI_1", [V4]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.SetDrops("VI_1", [V4b]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal(
            ["delete element ip keepalived vips { 192.0.2.100 }", "add element ip keepalived vips { 192.0.2.101 }"],
            kernel.Batches[^1]);
        int sent = kernel.Batches.Count;
        fw.SetDrops("VI_2", [V4b]);
        fw.SetDrops("VI_1", []);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        // VI_2 still drops 192.0.2.101: nothing to send.
        Assert.Equal(sent, kernel.Batches.Count);
    }

    [Fact]
    public void Changes_made_while_a_write_runs_are_merged_into_one_more_write_with_the_union()
    {
        var kernel = new FakeKernel { Hold = new ManualResetEventSlim() };
        var fw = Writer(kernel);
        fw.Configure(Both);
        Assert.True(
            SpinWait.SpinUntil(
                () => { lock (kernel.Batches) return kernel.Batches.Count == 1; },
                TimeSpan.FromSeconds(5)));
        fw.SetDrops("VI_1", [V4]);
        fw.SetDrops("VI_2", [V4, V6]);
        fw.SetDrops("VI_1", []);
        Assert.True(fw.Status.Pending);
        kernel.Hold.Set();
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, kernel.Batches.Count);
        Assert.Equal(
            ["add element ip keepalived vips { 192.0.2.100 }", "add element ip6 keepalived vips { 2001:db8::100 }"],
            kernel.Batches[1]);
        Assert.False(fw.Status.Pending);
    }

    [Fact]
    public void A_failure_is_counted_reported_once_and_the_next_change_rebuilds()
    {
        var warnings = new List<string>();
        var recovered = new List<string>();
        var kernel = new FakeKernel { FailWith = "add table ip keepalived: EPERM (Operation not permitted)" };
        var fw = Writer(kernel, warnings, recovered);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.SetDrops("VI_1", [V4]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal(
            (2L, "add table ip keepalived: EPERM (Operation not permitted)"),
            (fw.Status.Failures, fw.Status.LastError));
        Assert.Single(warnings);
        Assert.Contains("EPERM", warnings[0], StringComparison.Ordinal);

        kernel.FailWith = null;
        fw.SetDrops("VI_1", [V4b]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal("add table ip keepalived", kernel.Batches[^1][0]);
        Assert.Equal("add element ip keepalived vips { 192.0.2.101 }", kernel.Batches[^1][^1]);
        Assert.Single(recovered);
        Assert.Single(warnings);
    }

    [Fact]
    public void Renaming_the_table_deletes_the_old_one_and_turning_both_families_off_only_deletes()
    {
        var kernel = new FakeKernel();
        var fw = Writer(kernel);
        fw.Configure(Both);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        fw.Configure(Both with { Table = "other", IPv6 = false });
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Contains("delete table ip6 keepalived", kernel.Batches[1]);
        Assert.Contains("add set ip other vips", kernel.Batches[1]);
        Assert.DoesNotContain(kernel.Batches[1], o => o.StartsWith("add set ip6", StringComparison.Ordinal));

        fw.Configure(Both with { Table = "other", IPv4 = false, IPv6 = false });
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        Assert.Equal(
            ["add table ip other", "delete table ip other", "add table ip6 other", "delete table ip6 other"],
            kernel.Batches[2]);
        Assert.Null(fw.Status.Table);
    }

    [Fact]
    public void Link_local_vips_go_to_their_own_set_with_the_interface_and_unknown_interfaces_are_reported()
    {
        var warnings = new List<string>();
        var kernel = new FakeKernel();
        var fw = Writer(kernel, warnings);
        fw.Configure(Both with { IPv4 = false, LinkLocal = true, Counters = true });
        fw.SetDrops("VI_6", [V6], [(IPAddress.Parse("fe80::100"), "d0"), (IPAddress.Parse("fe80::200"), "gone")]);
        Assert.True(fw.WaitIdle(TimeSpan.FromSeconds(5)));
        var ops = kernel.Batches.SelectMany(b => b).ToList();
        Assert.Contains("add set ip6 keepalived vips_link_local", ops);
        Assert.Contains("add rule ip6 keepalived in_link_local ip6 daddr . iif @vips_link_local counter drop", ops);
        Assert.Contains("add rule ip6 keepalived out icmpv6 type @neighbor-discovery counter accept", ops);
        Assert.Contains("add element ip6 keepalived vips_link_local { fe80::100 . \"d0\" }", ops);
        Assert.Equal(["2001:db8::100", "fe80::100%d0"], fw.Status.Dropped);
        Assert.Single(warnings);
        Assert.Contains("fe80::200%gone", warnings[0], StringComparison.Ordinal);
    }
}
