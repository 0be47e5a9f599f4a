using System.Buffers.Binary;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>The link messages VMAC support needs: create a macvlan, change a link's up flag, delete a link, and the
/// IFLA_LINKINFO of a listed link (linux/if_link.h).</summary>
internal static partial class NetlinkMessages
{
    private const ushort IfaCacheinfo = 6;
    private const ushort IflaLink = 5, IflaLinkinfo = 18, IflaInfoKind = 1, IflaInfoData = 2, IflaMacvlanMode = 1;
    private const ushort NlaFNested = 0x8000;
    public const uint MacvlanModePrivate = 1;

    /// <summary>struct ifa_cacheinfo with preferred lifetime 0 and valid lifetime forever.</summary>
    private static byte[] DeprecatedLifetimes()
    {
        var c = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(4), uint.MaxValue);
        return c;
    }

    /// <summary>RTM_NEWLINK creating a macvlan <paramref name="name"/> on <paramref name="baseIndex"/> with
    /// <paramref name="mac"/> in <paramref name="mode"/>, administratively down.</summary>
    public static byte[] NewMacvlan(uint seq, string name, int baseIndex, byte[] mac, uint mode)
    {
        var body = new List<byte>(96);
        body.AddRange(new byte[16]); // ifinfomsg: family 0, index 0, flags 0, change 0
        var nameBytes = new byte[Encoding.ASCII.GetByteCount(name) + 1];
        Encoding.ASCII.GetBytes(name, nameBytes);
        AddAttr(body, IflaIfname, nameBytes);
        AddAttr(body, IflaAddress, mac);
        AddAttr(body, IflaLink, BitConverter.GetBytes(baseIndex));
        var data = new List<byte>(8);
        AddAttr(data, IflaMacvlanMode, BitConverter.GetBytes(mode));
        var info = new List<byte>(32);
        AddAttr(info, IflaInfoKind, "macvlan"u8.ToArray());
        AddAttr(info, IflaInfoData | NlaFNested, [.. data]);
        AddAttr(body, IflaLinkinfo | NlaFNested, [.. info]);
        return Finish(body, RtmNewLink, FRequest | FAck | FCreate | FExcl, seq);
    }

    /// <summary>RTM_NEWLINK setting or clearing IFF_UP on an existing link.</summary>
    public static byte[] SetLinkUp(uint seq, int index, bool up)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), index);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), up ? LinkInfo.IffUp : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), LinkInfo.IffUp);
        return Finish([.. body], RtmNewLink, FRequest | FAck, seq);
    }

    /// <summary>RTM_DELLINK by index.</summary>
    public static byte[] DeleteLink(uint seq, int index)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), index);
        return Finish([.. body], RtmDelLink, FRequest | FAck, seq);
    }

    private static byte[] Finish(List<byte> body, ushort type, ushort flags, uint seq)
    {
        var buffer = new byte[16 + body.Count];
        WriteHeader(buffer, type, flags, seq);
        body.CopyTo(buffer, 16);
        return buffer;
    }

    /// <summary>IFLA_INFO_KIND and, for a macvlan, IFLA_MACVLAN_MODE from an IFLA_LINKINFO payload.</summary>
    private static (string? Kind, uint Mode) ParseLinkKind(ReadOnlySpan<byte> linkinfo)
    {
        string? kind = null;
        uint mode = 0;
        for (int off = 0; NextAttr(linkinfo, ref off, out var type, out var data);)
        {
            if ((type & 0x3fff) == IflaInfoKind)
            {
                kind = Encoding.ASCII.GetString(data.TrimEnd((byte)0));
            }
            else if ((type & 0x3fff) == IflaInfoData)
            {
                for (int o = 0; NextAttr(data, ref o, out var t, out var d);)
                {
                    if ((t & 0x3fff) == IflaMacvlanMode && d.Length >= 4)
                        mode = BinaryPrimitives.ReadUInt32LittleEndian(d);
                }
            }
        }
        return (kind, mode);
    }
}
