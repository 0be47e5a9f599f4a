using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>virtual_routes / virtual_rules and static_* as the kernel sees them (<c>ip route</c>, <c>ip rule</c>):
/// on the MASTER only, moved on failover both ways, gone after stop, and nothing left after kill -9 and a restart
/// that does not make the host MASTER again.</summary>
public sealed class RouteTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private const string Virtual = """
        virtual_routes {
            198.51.100.0/25 via 192.0.2.254 dev eth0 table 100 metric 5
            blackhole 198.51.100.128/25 table 100 no_track
            2001:db8:100::/64 via 2001:db8::254 dev eth0 table 100
            src 198.51.100.1 198.51.100.200/32 dev eth0 table 101
        }
        virtual_rules {
            from 198.51.100.0/24 table 100 preference 100
            to 2001:db8:200::/48 table 100 preference 101
            fwmark 0x5/0xff table 100 preference 102 no_track
        }
        """;

    private const string Statics = """
        static_ipaddress {
            192.0.2.200/32 dev eth0
        }
        static_routes {
            198.51.100.0/26 via 192.0.2.1 dev eth0 table 200
        }
        static_rules {
            from 192.0.2.128/25 table 200 preference 300
        }

        """;

    private static string Config(int priority, string statics = "") =>
        Configs.Global() + statics + Configs.Instance(priority: priority, extra: Virtual);

    /// <summary>The routes and rules tagged "keepalived" on a host, one line each (table, family and text).</summary>
    private static List<string> Tagged(TestLab lab, int host)
    {
        var lines = new List<string>();
        foreach (var family in (string[])["-4", "-6"])
        {
            lines.AddRange(lab.Ip(host, family, "route", "show", "table", "all", "proto", "keepalived")
                .Split(
                    '\n',
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => $"route {l}"));
            lines.AddRange(lab.Ip(host, family, "rule", "show")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.Contains("proto keepalived", StringComparison.Ordinal)).Select(l => $"rule {l}"));
        }
        return lines;
    }

    private static void HoldsVirtual(TestLab lab, int host, string log)
    {
        var t = string.Join("\n", Tagged(lab, host));
        Assert.True(Holds(lab, host), $"{t}\n---\n{log}");
        Assert.Contains("route 198.51.100.0/25 via 192.0.2.254 dev eth0 table 100 metric 5", t);
        Assert.Contains("route blackhole 198.51.100.128/25 table 100", t);
        Assert.Contains("route 2001:db8:100::/64 via 2001:db8::254 dev eth0 table 100", t);
        Assert.Contains("route 198.51.100.200 dev eth0 table 101 scope link src 198.51.100.1", t);
        Assert.Contains("rule 100:\tfrom 198.51.100.0/24 lookup 100 proto keepalived", t);
        Assert.Contains("rule 101:\tfrom all to 2001:db8:200::/48 lookup 100 proto keepalived", t);
        Assert.Contains("rule 102:\tfrom all fwmark 0x5/0xff lookup 100 proto keepalived", t);
    }

    /// <summary>All seven virtual entries are there (waits: the machine may be loaded).</summary>
    private static bool Holds(TestLab lab, int host) =>
        Poll.Until(
            () => Tagged(lab, host).Count(
                l => !l.Contains("table 200", StringComparison.Ordinal)
                    && !l.Contains("lookup 200", StringComparison.Ordinal))
                == 7);

    private static bool HoldsNothing(TestLab lab, int host) => Poll.Until(() => Tagged(lab, host).Count == 0);

    [Fact]
    public void Routes_and_rules_follow_the_master_both_ways_and_leave_with_it()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Node.StartVigil(lab, 1, Config(150)));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var b = lab.Own(Node.StartVigil(lab, 2, Config(100)));
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        HoldsVirtual(lab, 1, a.Log);
        Assert.Empty(Tagged(lab, 2));

        // A stops: its routes and rules go with it, B installs them.
        a.Signal("TERM");
        Assert.True(a.WaitExit(Long), a.Log);
        Assert.True(HoldsNothing(lab, 1), string.Join("\n", Tagged(lab, 1)));
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        HoldsVirtual(lab, 2, b.Log);

        // A comes back and preempts: they move back, and B keeps none.
        var a2 = lab.Own(Node.StartVigil(lab, 1, Config(150)));
        a2.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        HoldsVirtual(lab, 1, a2.Log);
        Assert.True(HoldsNothing(lab, 2), string.Join("\n", Tagged(lab, 2)));
    }

    [Fact]
    public void A_master_that_goes_to_fault_removes_its_rules_and_routes()
    {
        using var lab = new TestLab(1);
        var a = lab.Own(Node.StartVigil(lab, 1, Config(150)));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        HoldsVirtual(lab, 1, a.Log);
        lab.Ip(1, "link", "set", "eth0", "down");
        a.WaitFor(@"\(VI_1\) Entering FAULT STATE", Long);
        // The kernel drops eth0's routes by itself; the rules and the blackhole route are Vigil's to remove.
        Assert.True(HoldsNothing(lab, 1), string.Join("\n", Tagged(lab, 1)) + "\n---\n" + a.Log);
    }

    [Fact]
    public void Nothing_is_left_after_kill_9_and_a_restart_as_backup()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Node.StartVigil(lab, 1, Config(150)));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var b = lab.Own(Node.StartVigil(lab, 2, Config(100)));
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        HoldsVirtual(lab, 1, a.Log);

        a.Crash();
        Assert.Equal(7, Tagged(lab, 1).Count); // kill -9 leaves them behind
        b.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);

        var a2 = lab.Own(Node.StartVigil(lab, 1, Config(50)));
        a2.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        Assert.True(HoldsNothing(lab, 1), string.Join("\n", Tagged(lab, 1)) + "\n---\n" + a2.Log);
        Assert.False(lab.HasAddress(1, "198.51.100.1"), a2.Log);
        HoldsVirtual(lab, 2, b.Log);
    }

    [Fact]
    public void Statics_are_installed_at_start_in_any_state_and_removed_at_stop()
    {
        using var lab = new TestLab(2);
        var a = lab.Own(Node.StartVigil(lab, 1, Config(150, Statics)));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var b = lab.Own(Node.StartVigil(lab, 2, Config(100, Statics)));
        b.WaitFor(@"\(VI_1\) Entering BACKUP STATE", Long);
        foreach (var (host, node) in new[] { (1, a), (2, b) })
        {
            Assert.Contains(
                "198.51.100.0/26 via 192.0.2.1 dev eth0 proto keepalived",
                lab.Ip(host, "route", "show", "table", "200"));
            Assert.Contains("300:\tfrom 192.0.2.128/25 lookup 200 proto keepalived", lab.Ip(host, "rule", "show"));
            Assert.True(lab.HasAddress(host, "192.0.2.200"), node.Log);
        }

        b.Signal("TERM");
        Assert.True(b.WaitExit(Long), b.Log);
        Assert.Equal(string.Empty, lab.Ip(2, "route", "show", "table", "200").Trim());
        Assert.DoesNotContain("lookup 200", lab.Ip(2, "rule", "show"));
        Assert.False(lab.HasAddress(2, "192.0.2.200"), b.Log);
        Assert.True(HoldsNothing(lab, 2));
    }

    [Fact]
    public void A_reload_leaves_unchanged_routes_and_rules_alone_in_the_kernel_and_moves_only_a_changed_one()
    {
        using var lab = new TestLab(1);
        var a = lab.Own(Node.StartVigil(lab, 1, Config(150)));
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        HoldsVirtual(lab, 1, a.Log);

        // The kernel's own record of every route and rule change while the daemon reloads.
        using var monitor = lab.Own(new Monitor(lab.Host(1)));
        var mark = a.LineCount;
        a.Signal("HUP");
        a.WaitFor("Reloading", Long, mark);
        Thread.Sleep(1500);
        Assert.True(monitor.Lines.Count == 0, string.Join("\n", monitor.Lines) + "\n---\n" + a.Log);

        File.WriteAllText(
            a.ConfigFile,
            File.ReadAllText(a.ConfigFile).Replace("metric 5", "metric 6", StringComparison.Ordinal));
        mark = a.LineCount;
        a.Signal("HUP");
        a.WaitFor("Reloading", Long, mark);
        Assert.True(Poll.Until(() => monitor.Lines.Count >= 2), a.Log);
        Thread.Sleep(1000);
        var lines = monitor.Lines;
        Assert.All(lines, l => Assert.Contains("198.51.100.0/25 via 192.0.2.254 dev eth0 table 100", l));
        Assert.Contains(
            lines,
            l => l.StartsWith("Deleted ", StringComparison.Ordinal)
                && l.Contains("metric 5", StringComparison.Ordinal));
        Assert.Contains(
            lines,
            l => !l.StartsWith("Deleted ", StringComparison.Ordinal)
                && l.Contains("metric 6", StringComparison.Ordinal));
        Assert.Contains(
            "198.51.100.0/25 via 192.0.2.254 dev eth0 proto keepalived metric 6",
            lab.Ip(1, "route", "show", "table", "100"));
    }

    /// <summary><c>ip monitor route rule</c> in a namespace, its lines collected until disposed.</summary>
    private sealed class Monitor : IDisposable
    {
        private readonly System.Diagnostics.Process _process;
        private readonly List<string> _lines = [];

        public Monitor(string ns)
        {
            var psi = new System.Diagnostics.ProcessStartInfo("ip", ["-n", ns, "monitor", "route", "rule"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            _process = System.Diagnostics.Process.Start(psi)!;
            _process.OutputDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    lock (_lines)
                        _lines.Add(e.Data);
                }
            };
            _process.BeginOutputReadLine();
            Thread.Sleep(300); // subscribed before anything is measured
        }

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                    return [.. _lines];
            }
        }

        public void Dispose()
        {
            try
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
        }
    }
}
