namespace Vigil.Daemon;

/// <summary>
/// The <see cref="DriverInput.Packet"/>s in use between the receive threads and the loop. A BACKUP at 1,000
/// instances hears 1,000 adverts a second; a new input and payload for each was a collection every few seconds,
/// and each collection brings the binary's unwind tables and the collector's code back into the resident set
/// (bench/README.md). Rented on a receive thread, returned by the loop once handled. At most
/// <see cref="Kept"/> are kept: a flood beyond that allocates, and the surplus is garbage once handled.
/// </summary>
public sealed class PacketPool
{
    public const int Kept = 1024;

    /// <summary>A packet whose buffer grew past an Ethernet frame is not kept, so a flood of large datagrams cannot
    /// leave the pool holding megabytes (an advert that large needs more than 90 IPv6 addresses).</summary>
    public const int MaxKeptPayload = 1500;

    private readonly Stack<DriverInput.Packet> _free = new();

    public DriverInput.Packet Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var packet))
                return packet;
        }
        return new DriverInput.Packet();
    }

    /// <summary>The caller must not touch <paramref name="packet"/> afterwards.</summary>
    public void Return(DriverInput.Packet packet)
    {
        if (packet.Capacity > MaxKeptPayload)
            return;
        lock (_free)
        {
            if (_free.Count < Kept)
                _free.Push(packet);
        }
    }

    public int Free
    {
        get
        {
            lock (_free)
                return _free.Count;
        }
    }
}
