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

    public IPAddress? Broadcast
    {
        get => _rare.Broadcast;
        init => _rare = (_rare with { Broadcast = value }).Shared();
    }

    /// <summary>The device as written; null means the instance's interface.</summary>
    public string? Dev { get; init; }

    /// <summary>The device after keepalived's derivation: <see cref="Dev"/>, else the instance's interface, or its
    /// VMAC interface with use_vmac (what keepalived's dump shows). Null only without any interface.</summary>
    public string? ResolvedDev { get; init; }

    /// <summary>Scope name as written (global, link, host, site, or a number); "global" when not given.</summary>
    public string Scope { get; init; } = "global";

    public string? Label
    {
        get => _rare.Label;
        init => _rare = (_rare with { Label = value }).Shared();
    }
    public IPAddress? Peer
    {
        get => _rare.Peer;
        init => _rare = (_rare with { Peer = value }).Shared();
    }
    public bool NoTrack
    {
        get => _rare.NoTrack;
        init => _rare = (_rare with { NoTrack = value }).Shared();
    }

    /// <summary><c>track_group NAME</c> of a static address: the group's instances track its interface.</summary>
    public string? TrackGroup
    {
        get => _rare.TrackGroup;
        init => _rare = (_rare with { TrackGroup = value }).Shared();
    }

    /// <summary>Options kept as written but not acted on (home, -nodad, noprefixroute, preferred_lft ...).</summary>
    public IReadOnlyList<string> OtherOptions
    {
        get => _rare.OtherOptions;
        init => _rare = (_rare with { OtherOptions = value }).Shared();
    }

    public SourceLocation Location { get; init; } = SourceLocation.None;

    public IpFamily Family =>
        Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public override string ToString() => $"{Address}/{Prefix}";

    /// <summary>The options most addresses leave out live in one record shared by every address that sets none of
    /// them, 40 bytes less per address; the properties read and write through it, so `with` and value equality are
    /// unchanged.</summary>
    private RareOptions _rare = RareOptions.None;

    private sealed record RareOptions
    {
        public static readonly RareOptions None = new();

        public IPAddress? Broadcast { get; init; }
        public string? Label { get; init; }
        public IPAddress? Peer { get; init; }
        public bool NoTrack { get; init; }
        public string? TrackGroup { get; init; }
        public IReadOnlyList<string> OtherOptions { get; init; } = [];

        public RareOptions Shared() => Equals(None) ? None : this;
    }
}
