using System.Buffers.Binary;
using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Adapters;

/// <summary>RTM_NEWRULE / RTM_DELRULE requests (struct fib_rule_hdr and FRA_* attributes, linux/fib_rules.h) for
/// each rule option, and the kernel's notification of a deleted rule read back into a rule the engine recognises
/// as the configured one, and as no other.</summary>
public sealed class RuleMessageTests
{
    private static readonly RuleConfig Full = new()
    {
        Family = IpFamily.IPv4,
        From = IPAddress.Parse("192.0.2.0"),
        FromPrefix = 24,
        Table = 300,
        Preference = 100,
        Tos = 8,
        Realms = 0x30004,
        UidRange = new RuleRange(1000, 2000),
        IpProto = 17,
        SourcePorts = new RuleRange(1000, 2000),
        DestinationPorts = new RuleRange(53, 54),
        SuppressPrefixLength = 0,
        SuppressIfGroup = 16,
        TunnelId = 0x0102030405060708,
        InInterface = "eth0",
    };

    /// <summary>The attributes after the 16-byte nlmsghdr and the 12-byte fib_rule_hdr, by type.</summary>
    private static Dictionary<ushort, byte[]> Attributes(byte[] message)
    {
        var attrs = new Dictionary<ushort, byte[]>();
        for (var off = 28; off + 4 <= message.Length;)
        {
            var len = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(off));
            var type = BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(off + 2));
            attrs[type] = message.AsSpan(off + 4, len - 4).ToArray();
            off += (len + 3) & ~3;
        }
        return attrs;
    }

    private static RuleConfig? Back(RuleConfig r)
    {
        var bytes = RouteMessages.Rule(RouteMessages.RtmDelRule, 1, r);
        return NetlinkMessages.ParseKeepalivedRule(
            bytes,
            new NetlinkMessages.Message(RouteMessages.RtmDelRule, 0, 1, 0, bytes.Length));
    }

    [Fact]
    public void Each_option_has_its_attribute()
    {
        var m = RouteMessages.Rule(RouteMessages.RtmNewRule, 1, Full);
        Assert.Equal((byte)8, m[16 + 3]); // fib_rule_hdr tos
        Assert.Equal((byte)0, m[16 + 4]); // table 300 does not fit the header
        Assert.Equal((byte)RuleAction.Table, m[16 + 7]);
        var a = Attributes(m);
        Assert.Equal(300u, BinaryPrimitives.ReadUInt32LittleEndian(a[FibRuleAttributes.Table]));
        Assert.Equal(0x30004u, BinaryPrimitives.ReadUInt32LittleEndian(a[FibRuleAttributes.Flow]));
        Assert.Equal(new byte[] { 0xe8, 0x03, 0, 0, 0xd0, 0x07, 0, 0 }, a[FibRuleAttributes.UidRange]);
        Assert.Equal(new byte[] { 17 }, a[FibRuleAttributes.IpProto]);
        Assert.Equal(new byte[] { 0xe8, 0x03, 0xd0, 0x07 }, a[FibRuleAttributes.SportRange]);
        Assert.Equal(new byte[] { 53, 0, 54, 0 }, a[FibRuleAttributes.DportRange]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(a[FibRuleAttributes.SuppressPrefixLen]));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(a[FibRuleAttributes.SuppressIfGroup]));
        // big-endian, as the kernel takes it
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, a[FibRuleAttributes.TunId]);
        Assert.Equal(new byte[] { RouteProtocols.Keepalived }, a[FibRuleAttributes.Protocol]);
        Assert.False(a.ContainsKey(FibRuleAttributes.Goto));
        Assert.False(a.ContainsKey(FibRuleAttributes.L3mdev));
    }

    [Fact]
    public void Goto_and_l3mdev_carry_their_action_and_no_table()
    {
        var g = new RuleConfig { Action = RuleAction.Goto, GotoTarget = 200, Preference = 100 };
        var ga = Attributes(RouteMessages.Rule(RouteMessages.RtmNewRule, 1, g));
        Assert.Equal(200u, BinaryPrimitives.ReadUInt32LittleEndian(ga[FibRuleAttributes.Goto]));
        Assert.False(ga.ContainsKey(FibRuleAttributes.Table));
        var l = new RuleConfig { L3mdev = true, Preference = 100 };
        var lm = RouteMessages.Rule(RouteMessages.RtmNewRule, 1, l);
        Assert.Equal((byte)0, lm[16 + 4]);
        Assert.Equal(new byte[] { 1 }, Attributes(lm)[FibRuleAttributes.L3mdev]);
        Assert.False(Attributes(lm).ContainsKey(FibRuleAttributes.Table));
        var n = RouteMessages.Rule(
            RouteMessages.RtmNewRule,
            1,
            new RuleConfig { Action = RuleAction.Nop, Preference = 100 });
        Assert.Equal((byte)RuleAction.Nop, n[16 + 7]);
    }

    [Fact]
    public void A_no_track_rule_carries_the_protocol_it_names()
    {
        var m = RouteMessages.Rule(RouteMessages.RtmNewRule, 1, Full with { NoTrack = true, Protocol = 12 });
        Assert.Equal(new byte[] { 12 }, Attributes(m)[FibRuleAttributes.Protocol]);
    }

    [Fact]
    public void A_deleted_rule_is_recognised_by_every_option()
    {
        foreach (var r in (RuleConfig[])[
            Full,
            new RuleConfig { Action = RuleAction.Goto, GotoTarget = 200, Preference = 100 },
            new RuleConfig { L3mdev = true, Preference = 100 },
            new RuleConfig { Action = RuleAction.Nop, Preference = 100 }])
        {
            var back = Back(r);
            Assert.NotNull(back);
            Assert.True(VrrpEngine.SameRule(r, back), back.ToString());
        }
    }

    [Fact]
    public void A_rule_differing_in_one_option_is_another_rule()
    {
        RuleConfig[] others =
        [
            Full with { Tos = 16 },
            Full with { Realms = 0x30005 },
            Full with { UidRange = new RuleRange(1000, 2001) },
            Full with { IpProto = 6 },
            Full with { SourcePorts = new RuleRange(1000, 2001) },
            Full with { DestinationPorts = null },
            Full with { SuppressPrefixLength = 1 },
            Full with { SuppressIfGroup = null },
            Full with { TunnelId = 1 },
            Full with { L3mdev = true },
        ];
        foreach (var other in others)
            Assert.False(VrrpEngine.SameRule(Full, Back(other)!), other.ToString());
        var g = new RuleConfig { Action = RuleAction.Goto, GotoTarget = 200, Preference = 100 };
        Assert.False(VrrpEngine.SameRule(g, Back(g with { GotoTarget = 201 })!));
    }

    [Fact]
    public void A_deleted_rule_of_another_protocol_is_not_ours()
    {
        Assert.Null(Back(Full with { NoTrack = true, Protocol = 12 }));
    }
}
