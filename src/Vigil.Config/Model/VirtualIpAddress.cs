using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Config.Model;

/// <summary>One `virtual_ipaddress` (or `_excluded`) entry: <c>IP[/len] [brd X] [dev IF] [scope S] [label L]
/// ...</c>.</summary>
public sealed record VirtualIpAddress
{
    public required IPAddress Address { get; init; }

    /// <summary>Prefix length; 32 (IPv4) or 128 (IPv6) when not given.</summary>
    public int Prefix { get; init; }

    public IPAddress? Broadcast { get; init; }

    /// <summary>The device as written; null means the instance's interface.</summary>
    public string? Dev { get; init; }

    /// <summary>The device after keepalived's derivation: <see cref="Dev"/>, else the instance's interface, or its
    /// VMAC interface with use_vmac (what keepalived's dump shows). Null only without any interface.</summary>
    public string? ResolvedDev { get; init; }

    /// <summary>Scope name as written (global, link, host, site, or a number); "global" when not given.</summary>
    public string Scope { get; init; } = "global";

    public string? Label { get; init; }
    public IPAddress? Peer { get; init; }
    public bool NoTrack { get; init; }

    /// <summary><c>track_group NAME</c> of a static address: the group's instances track its interface.</summary>
    public string? TrackGroup { get; init; }

    /// <summary>Options kept as written but not acted on (home, -nodad, noprefixroute, preferred_lft ...).</summary>
    public IReadOnlyList<string> OtherOptions { get; init; } = [];

    public SourceLocation Location { get; init; } = SourceLocation.None;

    public IpFamily Family =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public override string ToString() => $"{Address}/{Prefix}";
}
