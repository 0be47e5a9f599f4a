using Vigil.Core.Primitives;

namespace Vigil.Daemon;

/// <summary>
/// The <see cref="DriverInput.Packet"/>s in use between the receive threads and the loop: a BACKUP at 1,000
/// instances hears 1,000 adverts a second, and a new input and payload for each was a collection every few seconds.
/// </summary>
public sealed class PacketPool() : ReusePool<DriverInput.Packet>(Kept, static () => new())
{
    public const int Kept = 1024;

    /// <summary>A packet whose buffer grew past an Ethernet frame is not kept, so a flood of large datagrams cannot
    /// leave the pool holding megabytes (an advert that large needs more than 90 IPv6 addresses).</summary>
    public const int MaxKeptPayload = 1500;

    protected override bool Keeps(DriverInput.Packet item) => item.Capacity <= MaxKeptPayload;
}
