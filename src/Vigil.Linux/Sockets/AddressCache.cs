using System.Net;

namespace Vigil.Linux.Sockets;

/// <summary>
/// The addresses of received adverts, kept as the few <see cref="IPAddress"/> objects they always are: a socket
/// hears the same peers and the same group over and over, and a new object per advert (two for IPv6, with its
/// array) was most of what a BACKUP with 1,000 instances allocated. A handful of entries, replaced in turn on a
/// miss; used by one receive thread only, so no lock. A flood from random sources simply misses and allocates as
/// before.
/// </summary>
internal sealed class AddressCache
{
    private const int Size = 8;
    private readonly byte[][] _bytes = new byte[Size][];
    private readonly IPAddress?[] _addresses = new IPAddress?[Size];
    private int _next;

    /// <param name="bytes">4 or 16 bytes, network order.</param>
    /// <param name="scopeId">The IPv6 scope (interface) of a link-local address; 0 otherwise.</param>
    public IPAddress Get(ReadOnlySpan<byte> bytes, long scopeId = 0)
    {
        for (int i = 0; i < Size; i++)
        {
            var address = _addresses[i];
            if (address is not null && bytes.SequenceEqual(_bytes[i])
                && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6
                    || address.ScopeId == scopeId))
            {
                return address;
            }
        }
        var made = new IPAddress(bytes);
        if (made.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            made.ScopeId = scopeId;
        _bytes[_next] = bytes.ToArray();
        _addresses[_next] = made;
        _next = (_next + 1) % Size;
        return made;
    }
}
