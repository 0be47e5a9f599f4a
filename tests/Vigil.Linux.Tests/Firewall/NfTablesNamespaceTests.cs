using System.Net;
using System.Text.RegularExpressions;
using Vigil.Lab;
using Vigil.Linux.Firewall;
using Vigil.Linux.Native;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Firewall;

/// <summary>
/// The netlink writer against the kernel, in namespaces: what it builds lists, in <c>nft list ruleset</c>, exactly as
/// the nft command text Vigil used to run lists when nft applies it in a second namespace; element changes, kernel
/// errors and recovery. Needs the nft tool to read the ruleset (and to apply the reference text).
/// </summary>
public sealed partial class NfTablesNamespaceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static void RequireNft()
    {
        Root.Require();
        if (Shell.Run("sh", "-c", "command -v nft").Code != 0)
            Assert.Skip("needs the nft tool (package nftables)");
    }

    // Counter values are masked: the kernel counts whatever the namespace's own interfaces send while the test runs (an
    // IPv6 link coming up sends MLD reports and router solicitations through the output chain), so two namespaces
    // with the same rules may list different numbers.
    private static string Ruleset(TestLab lab, int host) =>
        CounterValues().Replace(Shell.Must("ip", "netns", "exec", lab.Host(host), "nft", "list", "ruleset"), "counter");

    [GeneratedRegex(@"counter packets \d+ bytes \d+")]
    private static partial Regex CounterValues();

    /// <summary>A writer whose socket and interface look-ups live in the host's namespace.</summary>
    private static NfTablesFirewall Writer(TestLab lab, int host, List<string> warnings, List<string>? recovered = null)
    {
        var ns = lab.Host(host);
        var socket = lab.Own(NetNs.Run(ns, () => new NfTablesSocket()));
        return new NfTablesFirewall(
            m => { lock (warnings) warnings.Add(m); },
            m => { lock (warnings) recovered?.Add(m); },
            socket.Send,
            name => NetNs.Run(ns, () => (int)Libc.if_nametoindex(name)));
    }

    /// <summary>The nft text of the earlier writer (the old NftScript's rebuild), extended with keepalived 2.2.7's
    /// link-local set and its counters on every rule.</summary>
    private static string Reference(NftSettings s, string elements)
    {
        var t = s.Table;
        var c = s.Counters ? "counter " : "";
        var hook = (string h) => $"type filter hook {h} priority {s.Priority}; policy accept;";
        var text = "";
        if (s.IPv4)
        {
            text += $"add table ip {t}\nadd set ip {t} vips {{ type ipv4_addr; }}\n"
                + $"add chain ip {t} out {{ {hook("output")} }}\nadd chain ip {t} in {{ {hook("input")} }}\n"
                + $"add rule ip {t} in ip daddr @vips {c}drop\nadd rule ip {t} out ip saddr @vips {c}drop\n";
        }
        if (s.IPv6)
        {
            text += $"add table ip6 {t}\nadd set ip6 {t} vips {{ type ipv6_addr; }}\n"
                + $"add set ip6 {t} neighbor-discovery {{ type icmpv6_type; flags constant; elements = {{ " +
                    $"nd-neighbor-solicit, nd-neighbor-advert }}; }}\n"
                + (s.LinkLocal ? $"add set ip6 {t} vips_link_local {{ type ipv6_addr . iface_index; }}\n" : "")
                + $"add chain ip6 {t} out {{ {hook("output")} }}\nadd chain ip6 {t} in {{ {hook("input")} }}\n"
                + $"add chain ip6 {t} in_link_local\nadd chain ip6 {t} out_link_local\n"
                + $"add rule ip6 {t} in icmpv6 type @neighbor-discovery {c}accept\nadd rule ip6 {t} in ip6 daddr " +
                    $"fe80::/10 {c}goto in_link_local\n"
                + $"add rule ip6 {t} out icmpv6 type @neighbor-discovery {c}accept\nadd rule ip6 {t} out ip6 saddr " +
                    $"fe80::/10 {c}goto out_link_local\n"
                + $"add rule ip6 {t} in ip6 daddr @vips {c}drop\nadd rule ip6 {t} out ip6 saddr @vips {c}drop\n"
                + (s.LinkLocal ? $"add rule ip6 {t} in_link_local ip6 daddr . iif @vips_link_local {c}drop\n"
                    + $"add rule ip6 {t} out_link_local ip6 saddr . oif @vips_link_local {c}drop\n" : "");
        }
        return text + elements;
    }

    private static string ApplyReference(TestLab lab, int host, string text)
    {
        var file = Path.Combine(lab.WorkDir, "reference.nft");
        File.WriteAllText(file, text);
        Shell.Must("ip", "netns", "exec", lab.Host(host), "nft", "-f", file);
        return Ruleset(lab, host);
    }

    public static TheoryData<string, int, bool, bool, bool, bool> Layouts => new()
    {
        { "keepalived", -1, false, true, true, false },
        { "vigil_t1", -7, true, true, false, false },
        { "keepalived", -1, true, false, true, true },
        { "k2", 5, false, true, true, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_tables_list_as_the_nft_text_did(
        string table,
        int priority,
        bool counters,
        bool v4,
        bool v6,
        bool linkLocal)
    {
        RequireNft();
        using var lab = new TestLab(2);
        var settings = new NftSettings(table, priority, counters, v4, v6, linkLocal);
        var warnings = new List<string>();
        var fw = Writer(lab, 1, warnings);
        fw.Configure(settings);
        fw.SetDrops(
            "VI_1",
            [IPAddress.Parse("192.0.2.200"), IPAddress.Parse("192.0.2.100"), IPAddress.Parse("2001:db8::200")],
            [(IPAddress.Parse("fe80::100"), "eth0"), (IPAddress.Parse("fe80::200"), "lo")]);
        Assert.True(fw.WaitIdle(Wait));
        Assert.Empty(warnings);
        Assert.Equal(0, fw.Status.Failures);

        var elements = (v4 ? $"add element ip {table} vips {{ 192.0.2.100, 192.0.2.200 }}\n" : "")
            + (v6 ? $"add element ip6 {table} vips {{ 2001:db8::200 }}\n" : "")
            + (v6 && linkLocal
                ? $"add element ip6 {table} vips_link_local {{ fe80::100 . \"eth0\", fe80::200 . \"lo\" }}\n"
                : "");
        var theirs = ApplyReference(lab, 2, Reference(settings, elements));
        var ours = Ruleset(lab, 1);
        Assert.Equal(theirs, ours);
        Assert.Contains(v4 ? "192.0.2.200" : "2001:db8::200", ours, StringComparison.Ordinal);

        // Elements move: only the changes are sent, and the listing follows.
        fw.SetDrops("VI_1", [IPAddress.Parse("192.0.2.100"), IPAddress.Parse("2001:db8::201")]);
        Assert.True(fw.WaitIdle(Wait));
        ours = Ruleset(lab, 1);
        Assert.DoesNotContain("192.0.2.200", ours, StringComparison.Ordinal);
        Assert.DoesNotContain("fe80::100", ours, StringComparison.Ordinal);
        if (v6)
            Assert.Contains("2001:db8::201", ours, StringComparison.Ordinal);

        // Both families off: nothing of the table is left.
        fw.Configure(settings with { IPv4 = false, IPv6 = false });
        Assert.True(fw.WaitIdle(Wait));
        Assert.DoesNotContain($"table", Ruleset(lab, 1), StringComparison.Ordinal);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_kernel_error_is_reported_once_counted_and_the_next_change_rebuilds()
    {
        RequireNft();
        using var lab = new TestLab(1);
        var warnings = new List<string>();
        var recovered = new List<string>();
        var fw = Writer(lab, 1, warnings, recovered);
        fw.Configure(new NftSettings("keepalived", -1, false, true, false));
        fw.SetDrops("VI_1", [IPAddress.Parse("192.0.2.200")]);
        Assert.True(fw.WaitIdle(Wait));

        // Someone removes the element by hand: deleting it fails with ENOENT, and the whole batch with it.
        Shell.Must(
            "ip", "netns", "exec", lab.Host(1), "nft", "delete", "element", "ip", "keepalived", "vips",
            "{ 192.0.2.200 }");
        fw.SetDrops("VI_1", [IPAddress.Parse("192.0.2.201")]);
        Assert.True(fw.WaitIdle(Wait));
        Assert.Equal(1, fw.Status.Failures);
        var warning = Assert.Single(warnings);
        Assert.Contains("delete element ip keepalived vips { 192.0.2.200 }: ENOENT", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.201", Ruleset(lab, 1), StringComparison.Ordinal);

        // A table removed by hand: the next change rebuilds it whole.
        Shell.Must("ip", "netns", "exec", lab.Host(1), "nft", "delete", "table", "ip", "keepalived");
        fw.SetDrops("VI_1", [IPAddress.Parse("192.0.2.202")]);
        Assert.True(fw.WaitIdle(Wait));
        Assert.Contains("192.0.2.202", Ruleset(lab, 1), StringComparison.Ordinal);
        Assert.Single(warnings);
        Assert.Single(recovered);
        Assert.Equal(["192.0.2.202"], fw.Status.Dropped);
    }
}
