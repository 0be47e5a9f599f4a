using Vigil.Linux.Firewall;

namespace Vigil.Linux.Tests.Firewall;

/// <summary>
/// The batch encoding byte for byte. The expected bytes are written out by hand from the uapi headers:
/// linux/netlink.h (nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid, host order; nlattr: u16 len, u16 type,
/// NLA_F_NESTED 0x8000, 4-byte alignment), linux/netfilter/nfnetlink.h (nfgenmsg: u8 family, u8 version, be16
/// res_id; NFNL_MSG_BATCH_BEGIN 0x10, _END 0x11; NFNL_SUBSYS_NFTABLES 10 as the type's high byte) and
/// linux/netfilter/nf_tables.h (message and attribute numbers, big-endian integers).
/// </summary>
public sealed class NfTablesBatchTests
{
    private static byte[] Hex(string text) =>
        Convert.FromHexString(
            text.Replace(" ", "", StringComparison.Ordinal).Replace("|", "", StringComparison.Ordinal));

    [Fact]
    public void A_table_between_batch_begin_and_end()
    {
        var batch = new NfTablesBatch(100);
        batch.AddTable(NfTablesBatch.Ipv4, "t");
        var expected = Hex(
            // BATCH_BEGIN: len 20, type 0x10, NLM_F_REQUEST, seq 100, nfgenmsg res_id NFNL_SUBSYS_NFTABLES
            "14000000 1000 0100 64000000 00000000 | 00 00 000a" +
            // NFT_MSG_NEWTABLE (0x0a00): len 36, REQUEST|ACK|CREATE (0x405), seq 101, NFPROTO_IPV4
            "24000000 000a 0504 65000000 00000000 | 02 00 0000" +
            "0600 0100 74000000" + // NFTA_TABLE_NAME "t\0", padded
            "0800 0200 00000000" + // NFTA_TABLE_FLAGS 0
            // BATCH_END: seq 102
            "14000000 1100 0100 66000000 00000000 | 00 00 000a");
        Assert.Equal(expected, batch.ToArray());
        Assert.Equal(["add table ip t"], batch.Operations);
    }

    [Fact]
    public void An_ipv4_element()
    {
        var batch = new NfTablesBatch(0);
        batch.AddElements(NfTablesBatch.Ipv4, "t", "vips", [[192, 0, 2, 1]], "192.0.2.1");
        var expected = Hex(
            "3c000000 0c0a 0504 01000000 00000000 | 02 00 0000" + // NFT_MSG_NEWSETELEM, len 60, seq 1
            "0600 0100 74000000" + // NFTA_SET_ELEM_LIST_TABLE
            "0900 0200 76697073 00000000" + // NFTA_SET_ELEM_LIST_SET "vips\0"
            "1400 0380" + // NFTA_SET_ELEM_LIST_ELEMENTS (nested)
            "1000 0180" + //   NFTA_LIST_ELEM
            "0c00 0180" + //     NFTA_SET_ELEM_KEY
            "0800 0100 c0000201"); //  NFTA_DATA_VALUE 192.0.2.1
        Assert.Equal(expected, batch.ToArray()[20..^20]);
        Assert.Equal(["add element ip t vips { 192.0.2.1 }"], batch.Operations);
    }

    [Fact]
    public void Deleting_no_elements_flushes_the_set()
    {
        var batch = new NfTablesBatch(0);
        batch.DeleteElements(NfTablesBatch.Ipv6, "t", "vips", [], "");
        var expected = Hex(
            "28000000 0e0a 0500 01000000 00000000 | 0a 00 0000" + // NFT_MSG_DELSETELEM, REQUEST|ACK, NFPROTO_IPV6
            "0600 0100 74000000" +
            "0900 0200 76697073 00000000");
        Assert.Equal(expected, batch.ToArray()[20..^20]);
        Assert.Equal(["flush set ip6 t vips"], batch.Operations);
    }

    [Fact]
    public void A_base_chain_with_hook_and_negative_priority()
    {
        var batch = new NfTablesBatch(0);
        batch.AddChain(NfTablesBatch.Ipv4, "t", "in", (1, -1));
        var expected = Hex(
            "4c000000 030a 0504 01000000 00000000 | 02 00 0000" + // NFT_MSG_NEWCHAIN, len 76
            "0600 0100 74000000" + // NFTA_CHAIN_TABLE
            "0700 0300 696e0000" + // NFTA_CHAIN_NAME "in\0"
            "1400 0480" + // NFTA_CHAIN_HOOK (nested)
            "0800 0100 00000001" + //   NFTA_HOOK_HOOKNUM NF_INET_LOCAL_IN
            "0800 0200 ffffffff" + //   NFTA_HOOK_PRIORITY -1
            "0800 0500 00000001" + // NFTA_CHAIN_POLICY NF_ACCEPT
            "0b00 0700 66696c74 65720000"); // NFTA_CHAIN_TYPE "filter\0"
        Assert.Equal(expected, batch.ToArray()[20..^20]);
    }

    [Fact]
    public void A_rule_appends_payload_lookup_and_a_goto()
    {
        var batch = new NfTablesBatch(0);
        batch.AddRule(NfTablesBatch.Ipv4, "t", "in", "ip daddr @s goto c",
            NfTablesExpression.Payload(NfTablesExpression.NetworkHeader, 16, 4),
            NfTablesExpression.Lookup("s"),
            NfTablesExpression.Verdict(NfTablesExpression.Goto, "c"));
        var expected = Hex(
            "b8000000 060a 050c 01000000 00000000 | 02 00 0000" + // NFT_MSG_NEWRULE, REQUEST|ACK|CREATE|APPEND (0xc05)
            "0600 0100 74000000" + // NFTA_RULE_TABLE
            "0700 0200 696e0000" + // NFTA_RULE_CHAIN
            "9400 0480" + // NFTA_RULE_EXPRESSIONS
            "3400 0180 0c00 0100 7061796c 6f616400" + // NFTA_LIST_ELEM, NFTA_EXPR_NAME "payload"
            "2400 0280" + // NFTA_EXPR_DATA
            // dreg 1, network header, offset 16, len 4
            "0800 0100 00000001 0800 0200 00000001 0800 0300 00000010 0800 0400 00000004" +
            "2400 0180 0b00 0100 6c6f6f6b 75700000" + // "lookup"
            "1400 0280 0600 0100 73000000 0800 0200 00000001" + // NFTA_LOOKUP_SET "s", NFTA_LOOKUP_SREG 1
            "3800 0180 0e00 0100 696d6d65 64696174 65000000" + // "immediate"
            "2400 0280 0800 0100 00000000" + // NFTA_IMMEDIATE_DREG NFT_REG_VERDICT
            "1800 0280 1400 0280" + // NFTA_IMMEDIATE_DATA, NFTA_DATA_VERDICT
            "0800 0100 fffffffc" + // NFTA_VERDICT_CODE NFT_GOTO (-4)
            "0600 0200 63000000"); // NFTA_VERDICT_CHAIN "c"
        Assert.Equal(expected, batch.ToArray()[20..^20]);
    }

    [Fact]
    public void A_concatenated_set_key_type_and_length()
    {
        var batch = new NfTablesBatch(0);
        batch.AddSet(NfTablesBatch.Ipv6, "t", "s", 3, 8 << 6 | 20, 20);
        var expected = Hex(
            "44000000 090a 0504 01000000 00000000 | 0a 00 0000" + // NFT_MSG_NEWSET, len 68
            "0600 0100 74000000 0600 0200 73000000" + // NFTA_SET_TABLE, NFTA_SET_NAME
            "0800 0300 00000000" + // NFTA_SET_FLAGS
            "0800 0400 00000214" + // NFTA_SET_KEY_TYPE ipv6_addr . iface_index
            "0800 0500 00000014" + // NFTA_SET_KEY_LEN 20
            "0800 0a00 00000003"); // NFTA_SET_ID
        Assert.Equal(expected, batch.ToArray()[20..^20]);
    }

    [Fact]
    public void Answers_name_their_request_by_sequence_number_and_odd_bytes_stop_the_reading()
    {
        var data = Hex(
            // NLMSG_ERROR, error -ENOENT, for the request with seq 5
            "24000000 0200 0001 05000000 00000000 | feffffff | 14000000 0c0a 0504 05000000 00000000" +
            // an acknowledgement (error 0) of seq 6
            "24000000 0200 0001 06000000 00000000 | 00000000 | 14000000 0c0a 0504 06000000 00000000" +
            // a header claiming more bytes than there are
            "ff000000 0200 0000 07000000 00000000");
        Assert.Equal([(5u, 2), (6u, 0)], NfTablesAnswers.Parse(data));
        Assert.Empty(NfTablesAnswers.Parse(data[..10]));
    }

    [Fact]
    public void Errno_names_are_readable() =>
        Assert.StartsWith("ENOENT (", NfTablesSocket.Describe(2), StringComparison.Ordinal);
}
