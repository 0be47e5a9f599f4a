using System.Net;
using Vigil.Linux.Announce;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Adapters;

public sealed class AnnouncerTests
{
    [Fact]
    public void Gratuitous_arp_and_unsolicited_na_are_seen_on_the_segment()
    {
        using var lab = new TestLab(2);
        var (announcer, eth0) = NetNs.Run(lab.Host(1), () =>
        {
            using var nl = new RtNetlink();
            return (new Announcer(), nl.FindLink("eth0")!);
        });
        lab.Own(announcer);
        var mac = string.Join(':', eth0.Mac!.GetAddressBytes().Select(b => b.ToString("x2")));

        using (var arp = new Capture(lab.Host(2), 1, "arp"))
        {
            Assert.Equal(0, announcer.SendGratuitousArp(eth0.Index, eth0.Mac!, IPAddress.Parse("198.51.100.1")));
            var dump = arp.Wait(TimeSpan.FromSeconds(5));
            Assert.Contains($"{mac} > ff:ff:ff:ff:ff:ff", dump);
            Assert.Contains("Request who-has 198.51.100.1", dump);
            Assert.Contains("tell 198.51.100.1", dump);
        }
        using (var na = new Capture(lab.Host(2), 1, "icmp6 and ip6[40] == 136"))
        {
            Assert.Equal(0, announcer.SendNeighbourAdvert(eth0.Index, eth0.Mac!, IPAddress.Parse("2001:db8::100")));
            var dump = na.Wait(TimeSpan.FromSeconds(5));
            Assert.Contains("> ff02::1", dump);
            Assert.Contains("hlim 255", dump);
            Assert.Contains("neighbor advertisement", dump);
            Assert.Contains("tgt is 2001:db8::100", dump);
            Assert.Contains("Flags [override]", dump);
            Assert.Contains(mac, dump);
        }
    }
}
