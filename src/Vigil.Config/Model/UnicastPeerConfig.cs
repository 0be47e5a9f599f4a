using System.Net;

namespace Vigil.Config.Model;

/// <summary>One `unicast_peer` entry as written: <c>IP [min_ttl N] [max_ttl N]</c>, a TTL left out as null, with its
/// location for diagnostics. The engine turns it into the protocol core's
/// <see cref="Vigil.Core.Protocol.UnicastPeer"/>.</summary>
public sealed record UnicastPeerConfig
{
    public required IPAddress Address { get; init; }
    public int? MinTtl { get; init; }
    public int? MaxTtl { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
