using System.Net;

namespace Vigil.Config.Model;

/// <summary>One `unicast_peer` entry: <c>IP [min_ttl N] [max_ttl N]</c>.</summary>
public sealed record UnicastPeer
{
    public required IPAddress Address { get; init; }
    public int? MinTtl { get; init; }
    public int? MaxTtl { get; init; }
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
