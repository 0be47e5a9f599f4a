using System.Buffers.Binary;
using System.Text;

namespace Vigil.Core.Protocol;

/// <summary>The 8 authentication bytes of a v2 advert: the PASS password truncated to 8 bytes and
/// zero-padded, or all zeros without authentication. Held inline; compared in constant time.</summary>
public readonly record struct VrrpPassword(ulong Bytes)
{
    public const int Length = 8;

    public static readonly VrrpPassword Empty = new(0);

    /// <summary>keepalived takes the first 8 bytes of <c>auth_pass</c>.</summary>
    public static VrrpPassword FromString(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Span<byte> buffer = stackalloc byte[Length];
        buffer.Clear();
        var bytes = Encoding.UTF8.GetBytes(password);
        bytes.AsSpan(0, Math.Min(bytes.Length, Length)).CopyTo(buffer);
        return Read(buffer);
    }

    public static VrrpPassword Read(ReadOnlySpan<byte> eightBytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(eightBytes));

    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Bytes);

    /// <summary>Compares with the 8 bytes of a received advert in constant time: one 64-bit comparison, with
    /// no early exit on the first differing byte.</summary>
    public bool Matches(ReadOnlySpan<byte> eightBytes) =>
        eightBytes.Length >= Length && (BinaryPrimitives.ReadUInt64BigEndian(eightBytes) ^ Bytes) == 0;

    /// <summary>The password as text up to its first zero byte (for display and tests).</summary>
    public override string ToString()
    {
        Span<byte> b = stackalloc byte[Length];
        WriteTo(b);
        int end = b.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? b : b[..end]);
    }
}
