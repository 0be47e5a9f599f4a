using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// An IPv4 or IPv6 address held inline (two 64-bit words, network order), so a received advert's addresses
/// can be read, compared and stored without a heap allocation. Ordering is numeric within a family, which
/// is the comparison VRRP's equal-priority tie-break uses. <see cref="ToIPAddress"/> converts when needed.
/// </summary>
public readonly struct IpAddressValue : IEquatable<IpAddressValue>, IComparable<IpAddressValue>
{
    private readonly ulong _hi;
    private readonly ulong _lo;

    private IpAddressValue(IpFamily family, ulong hi, ulong lo)
    {
        Family = family;
        _hi = hi;
        _lo = lo;
    }

    public static readonly IpAddressValue VrrpMulticastV4 = FromV4(0xE0000012);

    public static readonly IpAddressValue VrrpMulticastV6 = new(IpFamily.IPv6, 0xFF02000000000000, 0x12);

    public IpFamily Family { get; }

    /// <summary>4 or 16.</summary>
    public int ByteLength => Family == IpFamily.IPv4 ? 4 : 16;

    public bool IsMulticast => Family == IpFamily.IPv4 ? (_lo & 0xF0000000) == 0xE0000000 : (_hi >> 56) == 0xFF;

    /// <summary>IPv6 fe80::/10.</summary>
    public bool IsLinkLocal => Family == IpFamily.IPv6 && (_hi >> 54) == (0xFE80UL >> 6);

    public static IpAddressValue FromV4(uint hostOrder) => new(IpFamily.IPv4, 0, hostOrder);

    /// <summary>Reads 4 bytes (IPv4) or 16 bytes (IPv6) in network order.</summary>
    public static IpAddressValue Read(ReadOnlySpan<byte> bytes, IpFamily family) => family == IpFamily.IPv4
        ? new IpAddressValue(family, 0, BinaryPrimitives.ReadUInt32BigEndian(bytes))
        : new IpAddressValue(family, BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    /// <summary>Reads a 4- or 16-byte span; the family follows from its length.</summary>
    public static IpAddressValue Read(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => Read(bytes, IpFamily.IPv4),
        16 => Read(bytes, IpFamily.IPv6),
        _ => throw new ArgumentException("an IP address is 4 or 16 bytes", nameof(bytes)),
    };

    public static IpAddressValue FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return Read(bytes[..written]);
    }

    public static IpAddressValue Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    /// <summary>Writes the address in network order; returns the number of bytes written (4 or 16).</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (Family == IpFamily.IPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_lo);
            return 4;
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _hi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _lo);
        return 16;
    }

    /// <summary>True when <paramref name="bytes"/> (network order, this family's length) holds this address.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) =>
        Family == IpFamily.IPv4
            ? bytes.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(bytes) == (uint)_lo
            : bytes.Length >= 16 && BinaryPrimitives.ReadUInt64BigEndian(bytes) == _hi
              && BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]) == _lo;

    /// <summary>The sum of the address's 32-bit network-order words: its share of a ones'-complement checksum
    /// before folding.</summary>
    internal ulong WordSum() => Family == IpFamily.IPv4
        ? (uint)_lo
        : (_hi >> 32) + (_hi & 0xFFFFFFFF) + (_lo >> 32) + (_lo & 0xFFFFFFFF);

    /// <summary>Allocates an <see cref="IPAddress"/>: for logs, status and adapters, not the receive path.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        int n = WriteTo(bytes);
        return new IPAddress(bytes[..n]);
    }

    public AddressFamily AddressFamily =>
        Family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;

    public bool Equals(IpAddressValue other) => Family == other.Family && _hi == other._hi && _lo == other._lo;

    public override bool Equals(object? obj) => obj is IpAddressValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Family, _hi, _lo);

    /// <summary>IPv4 sorts before IPv6; within a family, numeric (network-order) comparison.</summary>
    public int CompareTo(IpAddressValue other)
    {
        int c = Family.CompareTo(other.Family);
        if (c != 0)
        {
            return c;
        }

        c = _hi.CompareTo(other._hi);
        return c != 0 ? c : _lo.CompareTo(other._lo);
    }

    public static bool operator ==(IpAddressValue a, IpAddressValue b) => a.Equals(b);

    public static bool operator !=(IpAddressValue a, IpAddressValue b) => !a.Equals(b);

    public static bool operator <(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) < 0;

    public static bool operator >(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) > 0;

    public static bool operator <=(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) <= 0;

    public static bool operator >=(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) >= 0;

    public override string ToString() => ToIPAddress().ToString();
}
