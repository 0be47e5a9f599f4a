namespace Vigil.Linux.Firewall;

/// <summary>
/// One expression of a rule (NFTA_LIST_ELEM holding NFTA_EXPR_NAME and NFTA_EXPR_DATA), only the kinds no_accept's
/// rules use. Registers are the 16-byte ones (NFT_REG_1 = 1, NFT_REG_2 = 2, the verdict register 0): a concatenated
/// key (16-byte address, 4-byte interface index) is loaded into 1 and 2, which lie next to each other.
/// </summary>
public sealed class NfTablesExpression
{
    public const uint NetworkHeader = 1, TransportHeader = 2; // NFT_PAYLOAD_*_HEADER
    public const uint MetaIif = 4, MetaOif = 5, MetaL4Proto = 16; // NFT_META_*
    public const int Drop = 0, Accept = 1, Goto = -4; // NF_DROP, NF_ACCEPT, NFT_GOTO

    private readonly string _name;
    private readonly Action<NetlinkAttributes> _data;

    private NfTablesExpression(string name, Action<NetlinkAttributes> data)
    {
        _name = name;
        _data = data;
    }

    /// <summary>Loads <paramref name="length"/> bytes at <paramref name="offset"/> of a header into a
    /// register.</summary>
    public static NfTablesExpression Payload(uint header, uint offset, uint length, uint register = 1) =>
        new("payload", a =>
        {
            a.U32(1, register); // NFTA_PAYLOAD_DREG
            a.U32(2, header); // NFTA_PAYLOAD_BASE
            a.U32(3, offset); // NFTA_PAYLOAD_OFFSET
            a.U32(4, length); // NFTA_PAYLOAD_LEN
        });

    public static NfTablesExpression Meta(uint key, uint register = 1) => new("meta", a =>
    {
        a.U32(2, key); // NFTA_META_KEY
        a.U32(1, register); // NFTA_META_DREG
    });

    /// <summary>The rule goes on only when the register equals <paramref name="value"/>.</summary>
    public static NfTablesExpression Equal(byte[] value, uint register = 1) => new("cmp", a =>
    {
        a.U32(1, register); // NFTA_CMP_SREG
        a.U32(2, 0); // NFTA_CMP_OP: NFT_CMP_EQ
        Data(a, 3, value); // NFTA_CMP_DATA
    });

    /// <summary>register = (register &amp; mask) ^ xor.</summary>
    public static NfTablesExpression Mask(byte[] mask, byte[] xor, uint register = 1) => new("bitwise", a =>
    {
        a.U32(1, register); // NFTA_BITWISE_SREG
        a.U32(2, register); // NFTA_BITWISE_DREG
        a.U32(3, (uint)mask.Length); // NFTA_BITWISE_LEN
        Data(a, 4, mask); // NFTA_BITWISE_MASK
        Data(a, 5, xor); // NFTA_BITWISE_XOR
    });

    /// <summary>The rule goes on only when the register's key is in the named set.</summary>
    public static NfTablesExpression Lookup(string set, uint register = 1) => new("lookup", a =>
    {
        a.String(1, set); // NFTA_LOOKUP_SET
        a.U32(2, register); // NFTA_LOOKUP_SREG
    });

    public static NfTablesExpression Counter() => new("counter", _ => { });

    public static NfTablesExpression Verdict(int code, string? chain = null) => new("immediate", a =>
    {
        a.U32(1, 0); // NFTA_IMMEDIATE_DREG: NFT_REG_VERDICT
        int data = a.Begin(2); // NFTA_IMMEDIATE_DATA
        int verdict = a.Begin(2); // NFTA_DATA_VERDICT
        a.U32(1, unchecked((uint)code)); // NFTA_VERDICT_CODE
        if (chain is not null)
            a.String(2, chain); // NFTA_VERDICT_CHAIN
        a.End(verdict);
        a.End(data);
    });

    internal void WriteTo(NetlinkAttributes a)
    {
        int elem = a.Begin(1); // NFTA_LIST_ELEM
        a.String(1, _name); // NFTA_EXPR_NAME
        int data = a.Begin(2); // NFTA_EXPR_DATA
        _data(a);
        a.End(data);
        a.End(elem);
    }

    private static void Data(NetlinkAttributes a, ushort type, byte[] value)
    {
        int nest = a.Begin(type);
        a.Bytes(1, value); // NFTA_DATA_VALUE
        a.End(nest);
    }
}
