using System.Net;

namespace Vigil.Engine.Model;

/// <summary>One <c>virtual_ipaddress</c> entry after defaults: <c>IP[/len] [brd X] [dev IF] [scope S] [label L]</c>.
/// <see cref="Interface"/> is the <c>dev</c> if given, else the instance's interface.</summary>
public sealed record VirtualAddress(
    IPAddress Address,
    int Prefix,
    string Interface,
    IPAddress? Broadcast = null,
    string? Scope = null,
    string? Label = null)
{
    public override string ToString() => $"{Address}/{Prefix}";
}
