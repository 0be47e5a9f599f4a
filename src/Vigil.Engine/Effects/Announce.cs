using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Engine.Effects;

/// <summary>One gratuitous ARP (IPv4) or unsolicited neighbour advertisement (IPv6) for one address. The engine
/// emits one effect per packet at the time it is due (bursts are several effects).</summary>
public sealed record Announce(string Instance, string Interface, IPAddress Address, IpFamily Family) : EngineEffect;
