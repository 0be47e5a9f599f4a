using System.Buffers.Binary;
using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// A decoded advert that still points into the received bytes: reading it allocates nothing. Valid only as
/// long as the buffer is; copy <see cref="Header"/> and <see cref="GetAddress"/> values to keep them.
/// </summary>
public readonly ref struct VrrpAdvert
{
    private readonly ReadOnlySpan<byte> _message;

    internal VrrpAdvert(ReadOnlySpan<byte> message, VrrpAdvertHeader header)
    {
        _message = message;
        Header = header;
    }

    public VrrpAdvertHeader Header { get; }

    public VrrpVersion Version => Header.Version;

    public IpFamily Family => Header.Family;

    public VrId VirtualRouterId => Header.VirtualRouterId;

    public Priority Priority => Header.Priority;

    public int AddressCount => Header.AddressCount;

    public VrrpAuthType AuthType => Header.AuthType;

    /// <summary>v2: the seconds field; v3: the 12-bit centiseconds field.</summary>
    public TimeSpan Interval => Header.Interval;

    public ushort Checksum => Header.Checksum;

    /// <summary>The whole VRRP message as decoded (padding excluded).</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The address list: AddressCount x 4 or 16 bytes.</summary>
    public ReadOnlySpan<byte> AddressBytes =>
        _message.Slice(VrrpWire.HeaderLength, AddressCount * (Family == IpFamily.IPv4 ? 4 : 16));

    /// <summary>v2: the 8 authentication bytes; v3: empty.</summary>
    public ReadOnlySpan<byte> AuthData =>
        Version == VrrpVersion.V2 ? _message[^VrrpWire.V2AuthLength..] : ReadOnlySpan<byte>.Empty;

    /// <summary>v2: the authentication bytes as a password value (zeros without authentication).</summary>
    public VrrpPassword Password => Version == VrrpVersion.V2 ? VrrpPassword.Read(AuthData) : VrrpPassword.Empty;

    public IpAddressValue GetAddress(int index)
    {
        int size = Family == IpFamily.IPv4 ? 4 : 16;
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, AddressCount);
        return IpAddressValue.Read(_message.Slice(VrrpWire.HeaderLength + index * size, size), Family);
    }

    /// <summary>True when the advert carries <paramref name="address"/>.</summary>
    public bool Contains(IpAddressValue address)
    {
        if (address.Family != Family)
        {
            return false;
        }

        var list = AddressBytes;
        int size = address.ByteLength;
        for (int i = 0; i < list.Length; i += size)
        {
            if (address.Matches(list.Slice(i, size)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies the addresses out (allocates; for status and logs).</summary>
    public IpAddressValue[] ToAddressArray()
    {
        var result = new IpAddressValue[AddressCount];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = GetAddress(i);
        }

        return result;
    }

    internal static ushort ReadChecksum(ReadOnlySpan<byte> message) =>
        BinaryPrimitives.ReadUInt16BigEndian(message[VrrpChecksum.Offset..]);
}
