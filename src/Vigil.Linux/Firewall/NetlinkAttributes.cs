using System.Buffers.Binary;
using System.Text;

namespace Vigil.Linux.Firewall;

/// <summary>
/// A growing buffer of netlink attributes (struct nlattr: 16-bit length, 16-bit type, value padded to 4 bytes).
/// nf_tables reads its integers in network byte order (NLA_BE32), so <see cref="U32"/> writes big-endian; nested
/// attributes carry NLA_F_NESTED as libmnl sets it.
/// </summary>
internal sealed class NetlinkAttributes
{
    private const ushort Nested = 0x8000;
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Bytes(ushort type, ReadOnlySpan<byte> value)
    {
        int total = 4 + value.Length, padded = (total + 3) & ~3;
        Reserve(padded);
        var span = _buffer.AsSpan(Length, padded);
        span.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)total);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        value.CopyTo(span[4..]);
        Length += padded;
    }

    public void U32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        Bytes(type, v);
    }

    /// <summary>A NUL-terminated string (NLA_STRING as nf_tables wants its names).</summary>
    public void String(ushort type, string value)
    {
        var bytes = new byte[Encoding.ASCII.GetByteCount(value) + 1];
        Encoding.ASCII.GetBytes(value, bytes);
        Bytes(type, bytes);
    }

    /// <summary>Opens a nested attribute; its length is filled in by <see cref="End"/>.</summary>
    public int Begin(ushort type)
    {
        int at = Length;
        Bytes((ushort)(type | Nested), []);
        return at;
    }

    public void SetU32LittleEndian(int at, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(at), value);

    public void End(int at) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(at), (ushort)(Length - at));

    private void Reserve(int more)
    {
        if (Length + more > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
    }
}
