using System.Buffers.Binary;

namespace Vigil.Linux.Firewall;

/// <summary>
/// One nf_tables transaction as netlink bytes (uapi linux/netfilter/nfnetlink.h and nf_tables.h): a
/// NFNL_MSG_BATCH_BEGIN, the messages, a NFNL_MSG_BATCH_END. The kernel applies the messages whole or not at all.
/// Every message asks for an acknowledgement, so the reader knows when each one was taken and which one failed;
/// <see cref="Operations"/> holds one line per message, in nft's words, to name it in an error and in tests.
/// </summary>
public sealed class NfTablesBatch
{
    public const byte Ipv4 = 2, Ipv6 = 10; // NFPROTO_IPV4, NFPROTO_IPV6

    private const ushort NlmFRequest = 0x1, NlmFAck = 0x4, NlmFCreate = 0x400, NlmFAppend = 0x800;
    private const ushort BatchBegin = 0x10, BatchEnd = 0x11; // NFNL_MSG_BATCH_BEGIN/END
    private const ushort SubsysNfTables = 10; // NFNL_SUBSYS_NFTABLES, the message type's high byte
    private const ushort NewTable = 0,
        DelTable = 2,
        NewChain = 3,
        NewRule = 6,
        NewSet = 9,
        NewSetElem = 12,
        DelSetElem = 14;

    private readonly NetlinkAttributes _bytes = new();
    private readonly List<string> _operations = [];
    private readonly uint _firstSeq;

    /// <param name="firstSeq">The batch-begin message's sequence number; message i (from 0) has firstSeq + 1 +
    /// i.</param>
    public NfTablesBatch(uint firstSeq)
    {
        _firstSeq = firstSeq;
        Header(BatchBegin, NlmFRequest, 0, SubsysNfTables, firstSeq, out _);
    }

    public uint FirstSeq => _firstSeq;

    public IReadOnlyList<string> Operations => _operations;

    public int Count => _operations.Count;

    public void AddTable(byte family, string table)
    {
        int at = Message(NewTable, NlmFCreate, family, $"add table {Name(family)} {table}");
        _bytes.String(1, table); // NFTA_TABLE_NAME
        _bytes.U32(2, 0); // NFTA_TABLE_FLAGS
        Close(at);
    }

    public void DeleteTable(byte family, string table)
    {
        int at = Message(DelTable, 0, family, $"delete table {Name(family)} {table}");
        _bytes.String(1, table);
        Close(at);
    }

    /// <summary>A set of keys (no data). <paramref name="keyType"/> is nft's datatype number (several for a
    /// concatenation, 6 bits each), which only nft reads back, to print the type; <paramref name="size"/> is the
    /// declared size of a constant set.</summary>
    public void AddSet(
        byte family,
        string table,
        string set,
        uint id,
        uint keyType,
        uint keyLength,
        uint flags = 0,
        uint? size = null)
    {
        int at = Message(NewSet, NlmFCreate, family, $"add set {Name(family)} {table} {set}");
        _bytes.String(1, table); // NFTA_SET_TABLE
        _bytes.String(2, set); // NFTA_SET_NAME
        _bytes.U32(3, flags); // NFTA_SET_FLAGS
        _bytes.U32(4, keyType); // NFTA_SET_KEY_TYPE
        _bytes.U32(5, keyLength); // NFTA_SET_KEY_LEN
        _bytes.U32(10, id); // NFTA_SET_ID, required by the kernel
        if (size is { } n)
        {
            int desc = _bytes.Begin(9); // NFTA_SET_DESC
            _bytes.U32(1, n); // NFTA_SET_DESC_SIZE
            _bytes.End(desc);
        }
        Close(at);
    }

    /// <summary>A base chain (filter type, policy accept) when <paramref name="hook"/> is given, else a regular
    /// one.</summary>
    public void AddChain(byte family, string table, string chain, (uint Number, int Priority)? hook)
    {
        int at = Message(NewChain, NlmFCreate, family, $"add chain {Name(family)} {table} {chain}");
        _bytes.String(1, table); // NFTA_CHAIN_TABLE
        _bytes.String(3, chain); // NFTA_CHAIN_NAME
        if (hook is { } h)
        {
            int nest = _bytes.Begin(4); // NFTA_CHAIN_HOOK
            _bytes.U32(1, h.Number); // NFTA_HOOK_HOOKNUM
            _bytes.U32(2, unchecked((uint)h.Priority)); // NFTA_HOOK_PRIORITY
            _bytes.End(nest);
            _bytes.U32(5, 1); // NFTA_CHAIN_POLICY: NF_ACCEPT
            _bytes.String(7, "filter"); // NFTA_CHAIN_TYPE
        }
        Close(at);
    }

    /// <summary>A rule appended to <paramref name="chain"/>; <paramref name="text"/> is how nft would write
    /// it.</summary>
    public void AddRule(byte family, string table, string chain, string text, params NfTablesExpression[] expressions)
    {
        int at = Message(NewRule, NlmFCreate | NlmFAppend, family, $"add rule {Name(family)} {table} {chain} {text}");
        _bytes.String(1, table); // NFTA_RULE_TABLE
        _bytes.String(2, chain); // NFTA_RULE_CHAIN
        int list = _bytes.Begin(4); // NFTA_RULE_EXPRESSIONS
        foreach (var e in expressions)
            e.WriteTo(_bytes);
        _bytes.End(list);
        Close(at);
    }

    /// <summary>Adds keys (each the set's key bytes) to a set.</summary>
    public void AddElements(byte family, string table, string set, IReadOnlyList<byte[]> keys, string text) =>
        Elements(
            NewSetElem,
            NlmFCreate,
            family,
            table,
            set,
            keys,
            $"add element {Name(family)} {table} {set} {{ {text} }}");

    /// <summary>Removes keys from a set; no keys flushes it.</summary>
    public void DeleteElements(byte family, string table, string set, IReadOnlyList<byte[]> keys, string text) =>
        Elements(DelSetElem, 0, family, table, set, keys,
            keys.Count == 0
                ? $"flush set {Name(family)} {table} {set}"
                : $"delete element {Name(family)} {table} {set} {{ {text} }}");

    /// <summary>The whole batch, begin to end.</summary>
    public byte[] ToArray()
    {
        var end = HeaderBytes(BatchEnd, NlmFRequest, 0, SubsysNfTables, _firstSeq + (uint)Count + 1);
        var bytes = new byte[_bytes.Length + end.Length];
        _bytes.Written.CopyTo(bytes);
        end.CopyTo(bytes, _bytes.Length);
        return bytes;
    }

    private void Elements(
        ushort type,
        ushort flags,
        byte family,
        string table,
        string set,
        IReadOnlyList<byte[]> keys,
        string text)
    {
        int at = Message(type, flags, family, text);
        _bytes.String(1, table); // NFTA_SET_ELEM_LIST_TABLE
        _bytes.String(2, set); // NFTA_SET_ELEM_LIST_SET
        if (keys.Count > 0)
        {
            int list = _bytes.Begin(3); // NFTA_SET_ELEM_LIST_ELEMENTS
            foreach (var key in keys)
            {
                int elem = _bytes.Begin(1); // NFTA_LIST_ELEM
                int k = _bytes.Begin(1); // NFTA_SET_ELEM_KEY
                _bytes.Bytes(1, key); // NFTA_DATA_VALUE
                _bytes.End(k);
                _bytes.End(elem);
            }
            _bytes.End(list);
        }
        Close(at);
    }

    private int Message(ushort type, ushort flags, byte family, string text)
    {
        _operations.Add(text);
        Header((ushort)(SubsysNfTables << 8 | type), (ushort)(NlmFRequest | NlmFAck | flags), family, 0,
            _firstSeq + (uint)_operations.Count, out int at);
        return at;
    }

    private void Header(ushort type, ushort flags, byte family, ushort resId, uint seq, out int at)
    {
        at = _bytes.Length;
        _bytes.Raw(HeaderBytes(type, flags, family, resId, seq));
    }

    /// <summary>struct nlmsghdr (host byte order; its length is set when the message is closed) and struct
    /// nfgenmsg (family, version NFNETLINK_V0, res_id big-endian).</summary>
    private static byte[] HeaderBytes(ushort type, ushort flags, byte family, ushort resId, uint seq)
    {
        var h = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(h, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), seq);
        h[16] = family;
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(18), resId);
        return h;
    }

    private void Close(int at) => _bytes.SetU32LittleEndian(at, (uint)(_bytes.Length - at));

    private static string Name(byte family) => family == Ipv6 ? "ip6" : "ip";
}
