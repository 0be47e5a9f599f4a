using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Puts one VRRP advert on the wire (a raw socket on Linux, a simulated segment in memory). Called on the
/// advert path: an implementation must not allocate per call, and must send or copy the payload before it
/// returns (the engine reuses the buffer).</summary>
public interface IAdvertTransport
{
    void Send(SendAdvert advert);
}
