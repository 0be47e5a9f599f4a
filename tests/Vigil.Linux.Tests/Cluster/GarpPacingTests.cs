using System.Globalization;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Cluster;

/// <summary>vrrp_garp_interval on the wire: the MASTER's gratuitous ARPs, seen with tcpdump from another namespace,
/// leave one per interval (keepalived 2.2.7 observed the same way: 200 ms apart with
/// `vrrp_garp_interval 0.2`).</summary>
public sealed class GarpPacingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);

    /// <summary>The capture times (tcpdump's HH:MM:SS.ffffff) of the gratuitous ARPs for the VIPs.</summary>
    private static List<(TimeSpan At, string Vip)> Garps(string dump) =>
        [.. dump.Split('\n')
            .Where(l => l.Contains("who-has 192.0.2.2", StringComparison.Ordinal)
                && l.Contains("tell 192.0.2.2", StringComparison.Ordinal))
            .Select(l => (TimeSpan.ParseExact(l[..15], @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture),
                l[(l.IndexOf("who-has ", StringComparison.Ordinal) + 8)..].Split(' ')[0]))];

    [Fact]
    public void Vrrp_garp_interval_spaces_the_masters_gratuitous_arps()
    {
        using var lab = new TestLab(2);
        using var capture = new Capture(lab.Host(2), 4, "arp and src host 192.0.2.200 or src host 192.0.2.201");
        var config = Configs.Global(
            "vrrp_garp_interval 0.2\n    vrrp_garp_master_repeat 2\n    vrrp_garp_master_delay 0")
            + Configs.Instance(vips: "192.0.2.200/24\n        192.0.2.201/24", advert: "1");
        var a = Node.StartVigil(lab, 1, config);
        a.WaitFor(@"\(VI_1\) Entering MASTER STATE", Long);
        var garps = Garps(capture.Wait(Long));
        Assert.Equal(["192.0.2.200", "192.0.2.201", "192.0.2.200", "192.0.2.201"], garps.Select(g => g.Vip));
        // Only a lower bound: a loaded machine may send later, never sooner.
        Assert.All(
            garps.Zip(garps.Skip(1), (x, y) => y.At - x.At),
            gap => Assert.True(gap >= TimeSpan.FromMilliseconds(190), gap.ToString()));
    }
}
