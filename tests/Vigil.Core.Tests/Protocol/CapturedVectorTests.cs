using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>Adverts captured from keepalived 2.2.7 decode to tcpdump's fields and re-encode byte for byte.</summary>
public class CapturedVectorTests
{
    private const int EthernetHeader = 14;
    private static readonly IpAddressValue Sender = IpAddressValue.Parse("192.0.2.11");

    [Theory]
    [MemberData(nameof(CapturedVectors.Names), MemberType = typeof(CapturedVectors))]
    public void Decodes_to_the_captured_fields_and_passes_the_receive_checks(string name)
    {
        var v = CapturedVectors.Get(name);
        var datagram = v.Frame.AsSpan(EthernetHeader);

        Assert.True(Ipv4Header.TryParse(datagram, out var ip, out var payload, out var ipReason), ipReason.ToString());
        Assert.Equal((255, 0xC0, VrrpWire.Protocol), (ip.Ttl, ip.Tos, ip.Protocol));
        Assert.Equal(Sender, ip.Source);
        Assert.Equal(IpAddressValue.VrrpMulticastV4, ip.Destination);
        Assert.Equal(v.IpId, ip.Identification);

        var expect = Expectations(v);
        var reason = AdvertCheck.Check(payload, ReceivedPacket.From(ip), expect, out var advert, out var notes);
        Assert.Equal(DropReason.None, reason);
        Assert.Equal(AdvertNotes.None, notes);
        Assert.Equal((VrrpVersion)v.Version, advert.Version);
        Assert.Equal(1, advert.Header.Type);
        Assert.Equal(v.Vrid, advert.VirtualRouterId.Value);
        Assert.Equal(v.Priority, advert.Priority.Value);
        Assert.Equal(v.IntervalCentiseconds, VrrpWire.ToCentiseconds(advert.Interval));
        Assert.Equal(v.Addresses, advert.ToAddressArray().Select(a => a.ToString()));
        Assert.Equal(v.Password is null ? VrrpAuthType.None : VrrpAuthType.Pass, advert.AuthType);
        if (v.Version == 2)
        {
            Assert.Equal(v.Password ?? string.Empty, advert.Password.ToString());
            Assert.Equal(8, advert.AuthData.Length);
        }
        else
        {
            Assert.True(advert.AuthData.IsEmpty);
        }
    }

    [Theory]
    [MemberData(nameof(CapturedVectors.Names), MemberType = typeof(CapturedVectors))]
    public void Re_encodes_the_whole_ip_datagram_byte_for_byte(string name)
    {
        var v = CapturedVectors.Get(name);
        var expected = v.Frame.AsSpan(EthernetHeader);
        var spec = new VrrpAdvertSpec(
            (VrrpVersion)v.Version, IpFamily.IPv4, new(v.Vrid), new(v.Priority),
                VrrpWire.FromCentiseconds(v.IntervalCentiseconds),
            Sender, IpAddressValue.VrrpMulticastV4,
            v.Password is null ? VrrpAuthType.None : VrrpAuthType.Pass,
            v.Password is null ? VrrpPassword.Empty : VrrpPassword.FromString(v.Password));
        var addresses = v.Addresses.Select(IpAddressValue.Parse).ToArray();

        var buffer = new byte[128];
        int vrrpLength = VrrpCodec.Encode(spec, addresses, buffer.AsSpan(Ipv4Header.MinLength));
        int ipLength = Ipv4Header.Write(buffer, Sender, IpAddressValue.VrrpMulticastV4, vrrpLength, v.IpId);

        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer, 0, ipLength + vrrpLength));
    }

    [Fact]
    public void Priority_zero_adverts_are_the_normal_ones_with_a_patched_priority_and_checksum()
    {
        foreach (var (normal, zero) in new[]
                 {
                     (CapturedVectors.V2Adv1, CapturedVectors.V2Adv1Prio0),
                     (CapturedVectors.V2Auth, CapturedVectors.V2AuthPrio0),
                     (CapturedVectors.V3Adv01, CapturedVectors.V3Adv01Prio0),
                     (CapturedVectors.V3ThreeVip, CapturedVectors.V3ThreeVipPrio0),
                 })
        {
            var message = normal.Frame.AsSpan(EthernetHeader + Ipv4Header.MinLength).ToArray();
            VrrpCodec.PatchPriority(message, Priority.Resign);
            Assert.Equal(Convert.ToHexString(zero.Frame.AsSpan(EthernetHeader + Ipv4Header.MinLength)),
                Convert.ToHexString(message));
        }
    }

    [Fact]
    public void The_v3_ipv4_checksum_includes_the_pseudo_header_unless_v3_checksum_as_v2()
    {
        var v = CapturedVectors.V3ThreeVip;
        var datagram = v.Frame.AsSpan(EthernetHeader);
        Ipv4Header.TryParse(datagram, out var ip, out var payload, out _);

        var asV2 = Expectations(v, v3ChecksumAsV2: true);
        Assert.Equal(DropReason.Checksum, AdvertCheck.Check(payload, ReceivedPacket.From(ip), asV2, out _, out _));

        // Computed by hand over the message alone: 0x51b7 (the pseudo-header form on the wire is 0xaf14).
        Assert.Equal(0x51b7, VrrpChecksum.Compute(payload, ChecksumMode.Plain, default, default));
        Assert.Equal(0xaf14, VrrpChecksum.Compute(payload, ChecksumMode.PseudoHeaderV4, ip.Source, ip.Destination));
    }

    private static AdvertExpectations Expectations(CapturedVector v, bool v3ChecksumAsV2 = false) => new()
    {
        Version = (VrrpVersion)v.Version,
        Family = IpFamily.IPv4,
        VirtualRouterId = new(v.Vrid),
        Interval = VrrpWire.FromCentiseconds(v.ConfiguredInterval),
        AuthType = v.Password is null ? VrrpAuthType.None : VrrpAuthType.Pass,
        Password = v.Password is null ? VrrpPassword.Empty : VrrpPassword.FromString(v.Password),
        VirtualAddresses = v.Addresses.Select(IpAddressValue.Parse).ToArray(),
        V3ChecksumAsV2 = v3ChecksumAsV2,
    };
}
