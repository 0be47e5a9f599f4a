using System.Buffers.Binary;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;

namespace Vigil.Fuzz;

/// <summary>
/// One received packet, as the VRRP sockets hand it over. An input whose first nibble is 4 is a whole IPv4
/// datagram (a raw IPv4 socket delivers the header; protocol 51 is an AH-authenticated v2 advert, checked with its
/// ICV and sequence number); anything else is the VRRP message of an IPv6 packet from
/// fe80::20 to ff02::12 with hop limit 255 (an IPv6 socket delivers no header). The packet goes through the header
/// parser, the decoder and the receive checks against several instances' expectations, then into a fresh engine
/// with those instances, whose timers run for a few advert intervals. An advert that may carry an auth_hmac
/// trailer goes through the trailer checks too (AdvertTarget.Hmac.cs).
/// </summary>
internal static partial class AdvertTarget
{
    private const string Interface = "eth0";
    private static readonly IpAddressValue PeerV6 = IpAddressValue.Parse("fe80::20");

    // The instances of the captured adverts in the seed corpus (v2, v2 with a password, v3 with three VIPs), one
    // unicast instance with a TTL range and source checks, and one over IPv6.
    private const string ConfigText = """
        vrrp_instance V2 {
            interface eth0
            virtual_router_id 51
            priority 100
            advert_int 1
            virtual_ipaddress {
                198.51.100.1
            }
        }
        vrrp_instance V2_AUTH {
            interface eth0
            virtual_router_id 52
            priority 100
            advert_int 2
            authentication {
                auth_type PASS
                auth_pass secret1
            }
            virtual_ipaddress {
                198.51.100.2
                198.51.100.3
            }
        }
        vrrp_instance V3 {
            interface eth0
            version 3
            virtual_router_id 53
            priority 100
            virtual_ipaddress {
                198.51.100.4
                198.51.100.5
                198.51.100.6
            }
        }
        vrrp_instance UNICAST {
            interface eth0
            version 3
            virtual_router_id 60
            state MASTER
            priority 200
            unicast_src_ip 192.0.2.10
            unicast_peer {
                192.0.2.20 min_ttl 250 max_ttl 255
                192.0.2.21
            }
            check_unicast_src
            virtual_ipaddress {
                198.51.100.7
            }
        }
        vrrp_instance V2_AH {
            interface eth0
            virtual_router_id 54
            priority 100
            advert_int 1
            authentication {
                auth_type AH
                auth_pass secret1
            }
            virtual_ipaddress {
                198.51.100.9
            }
        }
        vrrp_instance V6 {
            interface eth0
            version 3
            virtual_router_id 54
            priority 100
            virtual_ipaddress {
                2001:db8::1
            }
        }
        """;

    private static readonly VigilConfig Config = LoadConfig();

    private static IpAddressValue[] Ips(params string[] texts) => [.. texts.Select(IpAddressValue.Parse)];

    private static readonly AdvertExpectations[] Expectations =
    [
        new() { Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(51),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("198.51.100.1") },
        new() { Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(52),
            Interval = VrrpWire.FromCentiseconds(200),
            AuthType = VrrpAuthType.Pass, Password = VrrpPassword.FromString("secret1"),
            VirtualAddresses = Ips("198.51.100.2", "198.51.100.3") },
        new() { Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(53),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("198.51.100.4", "198.51.100.5", "198.51.100.6") },
        new() { Version = VrrpVersion.V3, Family = IpFamily.IPv4, VirtualRouterId = new(60),
            Interval = VrrpWire.FromCentiseconds(100),
            UnicastPeers = [new(IpAddressValue.Parse("192.0.2.20"), 250, 255), new(IpAddressValue.Parse("192.0.2.21"))],
            CheckUnicastSource = true, VirtualAddresses = Ips("198.51.100.7") },
        new() { Version = VrrpVersion.V3, Family = IpFamily.IPv6, VirtualRouterId = new(54),
            Interval = VrrpWire.FromCentiseconds(100),
            VirtualAddresses = Ips("2001:db8::1") },
    ];

    private static readonly AdvertExpectations AhExpectation = new()
    {
        Version = VrrpVersion.V2, Family = IpFamily.IPv4, VirtualRouterId = new(54),
        Interval = VrrpWire.FromCentiseconds(100),
        AuthType = VrrpAuthType.Ah, Password = VrrpPassword.FromString("secret1"),
        VirtualAddresses = Ips("198.51.100.9"),
    };

    public static void Run(byte[] data)
    {
        if (data.Length >= Ipv4Header.MinLength && data[0] >> 4 == 4 && data[9] == VrrpAh.Protocol)
        {
            RunAh(data);
            return;
        }

        ReadOnlySpan<byte> message;
        ReceivedPacket packet;
        if (data.Length > 0 && data[0] >> 4 == 4)
        {
            if (!Ipv4Header.TryParse(data, out var header, out message, out var reason))
            {
                Invariant.Holds(reason != DropReason.None, "a refused IPv4 header names no reason");
                return;
            }
            Invariant.Holds(header.HeaderLength >= Ipv4Header.MinLength && header.TotalLength <= data.Length,
                "the IPv4 header parser accepted lengths outside the datagram");
            packet = ReceivedPacket.From(header);
        }
        else
        {
            message = data;
            packet = new ReceivedPacket(PeerV6, IpAddressValue.VrrpMulticastV6, VrrpWire.Ttl);
        }

        Decode(message, packet);
        foreach (var expect in Expectations)
            Check(message, packet, expect);
        CheckHmac(message, packet);
        Receive(message, packet);
    }

    private static void RunAh(byte[] data)
    {
        foreach (var last in (uint[])[0, 1, uint.MaxValue])
        {
            var drop = AdvertCheck.CheckAh(data, AhExpectation, last, out var advert, out _, out _, out var sequence);
            if (drop != DropReason.None)
                continue;
            Invariant.Holds(
                sequence > last && advert.AuthType == VrrpAuthType.Ah && advert.VirtualRouterId.Value == 54,
                "an AH advert passed with an old sequence number or for another instance");
            Invariant.Holds(
                VrrpAh.Verify(
                    data.AsSpan(0, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2))),
                    AhExpectation.Password,
                    unicast: false),
                "an AH advert passed without a valid ICV");
        }

        // Signing the datagram as received and checking it again: only the sequence number can refuse it now.
        var copy = (byte[])data.Clone();
        if (VrrpAh.Sign(copy, AhExpectation.Password, unicast: false))
        {
            Invariant.Holds(
                VrrpAh.Verify(copy, AhExpectation.Password, unicast: false),
                "a datagram Vigil signed does not verify");
        }

        // Signed as a unicast instance signs: it verifies that way whatever the TTL becomes on the way.
        var unicast = (byte[])data.Clone();
        if (VrrpAh.Sign(unicast, AhExpectation.Password, unicast: true))
        {
            unicast[8] ^= 0x5A;
            Invariant.Holds(
                VrrpAh.Verify(unicast, AhExpectation.Password, unicast: true),
                "a unicast-signed datagram depends on its TTL");
        }

        var engine = EngineDriver.Load(Config);
        engine.OnAhAdvertReceived(Interface, data, EngineDriver.Start);
        engine.OnAhAdvertReceived(Interface, copy, EngineDriver.Start);
        EngineDriver.RunTimers(engine, EngineDriver.Start, TimeSpan.FromSeconds(5));
    }

    private static void Decode(ReadOnlySpan<byte> message, in ReceivedPacket packet)
    {
        if (!VrrpCodec.TryDecode(message, packet.Family, out var advert, out var reason))
        {
            Invariant.Holds(reason != DropReason.None, "a refused advert names no reason");
            return;
        }

        Invariant.Holds(
            advert.Message.Length == VrrpCodec.MessageLength(advert.Version, advert.Family, advert.AddressCount),
            "the decoded message length disagrees with its address count");
        var addresses = advert.ToAddressArray();
        Invariant.Holds(addresses.Length == advert.AddressCount, "the address list has the wrong length");
        foreach (var address in addresses)
        {
            Invariant.Holds(
                advert.Contains(address) && address.Family == advert.Family,
                "a decoded address is not in its advert");
        }

        _ = advert.Password;

        // Round trip: what the encoder makes of the decoded fields decodes to the same fields.
        var spec = new VrrpAdvertSpec(advert.Version, advert.Family, advert.VirtualRouterId, advert.Priority,
            advert.Interval, packet.Source, packet.Destination, advert.AuthType, advert.Password);
        Span<byte> buffer = stackalloc byte[VrrpCodec.MessageLength(VrrpVersion.V3, IpFamily.IPv6, 255)];
        var length = VrrpCodec.Encode(spec, addresses, buffer);
        if (length == 0)
            return; // an interval or auth type the encoder refuses to send
        Invariant.Holds(VrrpCodec.TryDecode(buffer[..length], advert.Family, out var again, out _),
            "an encoded advert does not decode");
        Invariant.Holds(again.VirtualRouterId == advert.VirtualRouterId && again.Priority == advert.Priority
            && again.Interval == advert.Interval && again.AddressCount == advert.AddressCount
            && again.AddressBytes.SequenceEqual(advert.AddressBytes), "the codec round trip changed a field");
        Invariant.Holds(VrrpChecksum.Verify(again.Message, spec.ChecksumMode, packet.Source, packet.Destination),
            "an encoded advert fails its own checksum");
    }

    private static void Check(ReadOnlySpan<byte> message, in ReceivedPacket packet, AdvertExpectations expect)
    {
        var drop = AdvertCheck.Check(message, packet, expect, out var advert, out _);
        if (drop != DropReason.None)
            return;
        Invariant.Holds(advert.VirtualRouterId == expect.VirtualRouterId && advert.Version == expect.Version,
            "an advert for another instance passed the checks");
        Invariant.Holds(packet.IsMulticast != expect.IsUnicast, "an advert arrived by the wrong delivery and passed");
    }

    private static void Receive(ReadOnlySpan<byte> message, in ReceivedPacket packet)
    {
        var engine = EngineDriver.Load(Config);
        Span<byte> source = stackalloc byte[16];
        Span<byte> destination = stackalloc byte[16];
        var addressLength = packet.Source.WriteTo(source);
        packet.Destination.WriteTo(destination);
        engine.OnAdvertReceived(Interface, packet.Family, source[..addressLength], destination[..addressLength],
            packet.Ttl, message, EngineDriver.Start);

        // Let the instances react for a few intervals.
        EngineDriver.RunTimers(engine, EngineDriver.Start, TimeSpan.FromSeconds(5));
    }

    private static VigilConfig LoadConfig()
    {
        var source = new InMemoryConfigSource().Add("/etc/keepalived/keepalived.conf", ConfigText);
        var result = ConfigLoader.Load(
            "/etc/keepalived/keepalived.conf",
            source,
            new ConfigOptions { HostName = "fuzz" });
        if (result.Model is null || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("the advert target's configuration does not load: "
                + string.Join("; ", result.Diagnostics));
        }

        return result.Model;
    }
}
