using System.Net.NetworkInformation;

namespace Vigil.Linux.Netlink;

/// <summary>One interface as rtnetlink reports it.</summary>
public sealed record LinkInfo(int Index, string Name, uint Flags, PhysicalAddress? Mac)
{
    public const uint IffUp = 0x1, IffRunning = 0x40, IffLowerUp = 0x10000;

    /// <summary>keepalived treats an interface as usable when it is administratively up and running.</summary>
    public bool IsUpAndRunning => (Flags & IffUp) != 0 && (Flags & IffRunning) != 0;
}
