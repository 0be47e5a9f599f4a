using System.Net.NetworkInformation;

namespace Vigil.Linux.Netlink;

/// <summary>One interface as rtnetlink reports it.</summary>
public sealed record LinkInfo(int Index, string Name, uint Flags, PhysicalAddress? Mac)
{
    /// <summary>IFLA_LINK: the lower interface's index (a macvlan's base), 0 when none.</summary>
    public int ParentIndex { get; init; }

    /// <summary>IFLA_INFO_KIND ("macvlan", "veth"...), null for a plain device.</summary>
    public string? Kind { get; init; }

    /// <summary>IFLA_MACVLAN_MODE of a macvlan (1 private, 2 vepa, 4 bridge, 8 passthru, 16 source).</summary>
    public uint MacvlanMode { get; init; }

    public const uint IffUp = 0x1, IffRunning = 0x40, IffLowerUp = 0x10000;

    /// <summary>keepalived treats an interface as usable when it is administratively up and running.</summary>
    public bool IsUpAndRunning => (Flags & IffUp) != 0 && (Flags & IffRunning) != 0;
}
