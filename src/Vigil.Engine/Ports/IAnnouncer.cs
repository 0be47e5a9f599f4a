using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Sends one gratuitous ARP or unsolicited neighbour advertisement.</summary>
public interface IAnnouncer
{
    void Announce(Announce announce);
}
