using System.Net;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

/// <summary>Collects one `vrrp_instance` block; <see cref="Build"/> applies keepalived's defaults and
/// derivations.</summary>
internal sealed partial class InstanceBuilder(string name, SourceLocation at)
{
    public string Name { get; } = name;
    public SourceLocation At { get; } = at;
    public VrrpInstanceConfig C = new() { Name = name, Location = at };

    public readonly List<VirtualIpAddress> Vips = [];
    public readonly List<VirtualIpAddress> ExcludedVips = [];
    public readonly List<UnicastPeerConfig> Peers = [];
    public readonly List<TrackerRef> Scripts = [];
    public readonly List<TrackerRef> Interfaces = [];
    public readonly List<TrackerRef> Files = [];
    public readonly List<TrackerRef> Processes = [];
    public readonly List<TrackerRef> Bfds = [];
    public readonly List<KeywordUse> Other = [];
    public readonly List<string> Routes = [];
    public readonly List<string> Rules = [];
    public readonly List<RouteConfig> RouteList = [];
    public readonly List<RuleConfig> RuleList = [];

    public bool VridSet;
    /// <summary>Index of the diagnostic that rejected a virtual_router_id or interface value, so the instance's
    /// resulting absence is said there once (<see cref="DiagnosticBag.Escalate"/>).</summary>
    public int? VridRejected;
    public int? InterfaceRejected;
    public bool PrioritySet;
    public SourceLocation PriorityAt;
    public bool StateSet;
    public SourceLocation StateAt;
    public int? Version;
    public SourceLocation VersionAt;
    public bool NativeIpv6;

    /// <summary>The instance's address family as keepalived fixes it: by the first of a VIP, a source address, a
    /// unicast peer or native_ipv6, in file order; what comes later of the other family is skipped.</summary>
    public IpFamily? Family;
    public decimal? AdvertSeconds;
    public SourceLocation AdvertAt;
    public bool NoPreempt;
    public SourceLocation NoPreemptAt;
    public SourceLocation PreemptDelayAt;
    public bool? Accept;
    public SourceLocation AcceptAt;
    public bool? Strict;
    public bool? LowerPrioNoAdvert;
    public bool? HigherPrioSendAdvert;
    public bool? V3ChecksumAsV2;
    public bool? CheckUnicastSrc;
    public bool? SkipCheckAdvAddr;
    public bool? OwnerIgnoreAdverts;
    public bool? NotifyPriorityChanges;
    public int? GarpMasterDelayMs;
    public int? GarpMasterRepeat;
    public int? GarpMasterRefreshMs;
    public int? GarpMasterRefreshRepeat;
    public int? GarpLowerPrioDelayMs;
    public int? GarpLowerPrioRepeat;
    public int? DownTimerAdverts;
    public bool NoVirtualIpAddress;
    public bool McastDstSet;
    public bool VmacXmitBase;
    public SourceLocation AuthAt;

    public void Set(Func<VrrpInstanceConfig, VrrpInstanceConfig> change) => C = change(C);

    public void ParseVips(Statement block, List<VirtualIpAddress> into, ParseContext ctx)
    {
        foreach (var e in block.Block ?? [])
        {
            var v = ParseVip(e, ctx);
            if (v is null)
                continue;
            // Only virtual_ipaddress decides the family; excluded addresses may be of either.
            if (into == Vips)
                ClaimFamily(v.Family);
            into.Add(v);
        }
    }

    /// <summary>Fixes the family if it is still open; false when it is already the other one.</summary>
    public bool ClaimFamily(IpFamily family)
    {
        Family ??= family;
        return Family == family;
    }

    /// <summary>keepalived's native_ipv6: makes the instance IPv6 and version 3, unless an IPv4 address came
    /// first.</summary>
    public void SetNativeIpv6(Statement st, ParseContext ctx)
    {
        NativeIpv6 = true;
        if (Family == IpFamily.IPv4)
        {
            ctx.Diag.Ignored(st.Location, "native-ipv6", $"({Name}) native_ipv6 cannot follow IPv4 addresses; ignored");
            return;
        }
        Family = IpFamily.IPv6;
        Version = 3;
        VersionAt = st.Location;
    }

    /// <summary>keepalived keeps the first version it is given (native_ipv6 gives 3) and refuses 2 once the
    /// instance is IPv6.</summary>
    public void SetVersion(int version, Statement st, ParseContext ctx)
    {
        if ((Version is { } had && had != version) || (version == 2 && Family == IpFamily.IPv6))
        {
            ctx.Diag.Ignored(
                st.Location,
                "version-conflict",
                $"({Name}) version {version} conflicts with the version already configured or deduced; ignored");
            return;
        }
        Version = version;
        VersionAt = st.Location;
    }

    /// <summary><c>IP[/len] [brd X] [dev IF] [scope S] [label L] [peer P] [no_track] ...</c></summary>
    internal static VirtualIpAddress? ParseVip(Statement e, ParseContext ctx)
    {
        var text = e.Keyword;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addrText = slash < 0 ? text : text[..slash];
        if (!Values.TryParseIp(addrText, out var addr))
        {
            ctx.Diag.Ignored(
                e.Location,
                "invalid-address",
                $"'{Values.Short(text)}' is not a virtual IP address; ignored");
            return null;
        }
        var max = addr.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = max;
        if (slash >= 0
            && !int.TryParse(
                text[(slash + 1)..],
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out prefix))
        {
            ctx.Diag.Ignored(e.Location, "invalid-prefix", $"'{Values.Short(text)}': invalid prefix length; ignored");
            return null;
        }
        if (prefix > max)
        {
            // keepalived keeps the address with a host prefix (and counts the error).
            ctx.Diag.Ignored(
                e.Location,
                "invalid-prefix",
                $"'{Values.Short(text)}': prefix length {prefix} is more than {max}; using {max}");
            prefix = max;
        }
        var vip = new VirtualIpAddress { Address = addr, Prefix = prefix, Location = e.Location };
        var others = new List<string>();
        var a = e.Args;
        for (var i = 0; i < a.Count; i++)
        {
            var opt = a[i];
            string? NextValue()
            {
                if (i + 1 < a.Count)
                    return a[++i];
                ctx.Diag.Ignored(e.ArgLocation(i), "missing-value", $"VIP {text}: '{opt}' needs a value; ignored");
                return null;
            }
            switch (opt)
            {
                case "brd" or "broadcast":
                {
                    var v = NextValue();
                    if (v is null)
                        break;
                    if (v is "+" or "-")
                        {
                            others.Add($"brd {v}");
                        }
                        else if (Values.TryParseIp(v, out var b))
                        {
                            vip = vip with { Broadcast = b };
                        }
                        else
                        {
                            ctx.Diag.Ignored(
                            e.ArgLocation(i),
                            "invalid-address",
                            $"VIP {text}: broadcast '{Values.Short(v)}' is not an address; ignored");
                        }

                        break;
                }
                case "dev":
                {
                    var v = NextValue();
                    if (v is not null)
                        vip = vip with { Dev = v };
                    break;
                }
                case "scope":
                {
                    var v = NextValue();
                    if (v is null)
                        break;
                    if (v is "global" or "site" or "link" or "host" or "nowhere" || int.TryParse(v, out _))
                        {
                            vip = vip with { Scope = v };
                        }
                        else
                        {
                            ctx.Diag.Ignored(
                            e.ArgLocation(i),
                            "invalid-scope",
                            $"VIP {text}: unknown scope '{Values.Short(v)}'; ignored");
                        }

                        break;
                }
                case "label":
                {
                    var v = NextValue();
                    if (v is not null)
                        vip = vip with { Label = v };
                    break;
                }
                case "peer":
                {
                    var v = NextValue();
                    if (v is not null && Values.TryParseIp(v.Split('/')[0], out var p))
                        {
                            vip = vip with { Peer = p };
                        }
                        else if (v is not null)
                        {
                            ctx.Diag.Ignored(
                            e.ArgLocation(i),
                            "invalid-address",
                            $"VIP {text}: peer '{Values.Short(v)}' is not an address; ignored");
                        }

                        break;
                }
                case "no_track":
                    vip = vip with { NoTrack = true };
                    break;
                case "home" or "-nodad" or "nodad" or "mngtmpaddr" or "noprefixroute" or "autojoin" or "use_vmac":
                    others.Add(opt);
                    break;
                case "track_group":
                {
                    var v = NextValue();
                    if (v is not null)
                        vip = vip with { TrackGroup = v };
                    break;
                }
                case "preferred_lft":
                {
                    var v = NextValue();
                    if (v is not null)
                        others.Add($"{opt} {v}");
                    break;
                }
                default:
                    ctx.Diag.Ignored(e.ArgLocation(i), "unknown-option",
                        $"VIP {text}: unknown option '{Values.Short(opt)}'; ignored" +
                        $"{Suggest.Hint(opt, [
                            "brd", "broadcast", "dev", "scope", "label", "peer", "no_track", "home", "-nodad",
                            "noprefixroute", "preferred_lft"])}");
                    break;
            }
        }
        if (vip.Family == IpFamily.IPv6 && vip.Scope != "global")
        {
            // keepalived 2.2.7: "Cannot specify scope for IPv6 addresses - ignoring scope" (counted, exit 5).
            ctx.Diag.Ignored(
                e.Location,
                "ipv6-scope",
                $"VIP {text}: keepalived ignores 'scope {vip.Scope}' for IPv6 addresses; using global");
            vip = vip with { Scope = "global" };
        }
        return others.Count > 0 ? vip with { OtherOptions = others } : vip;
    }

    public bool UnicastPeerBlockSeen;

    public void ParsePeers(Statement block, ParseContext ctx)
    {
        UnicastPeerBlockSeen = true;
        foreach (var e in block.Block ?? [])
        {
            var peerText = e.Keyword;
            var slash = peerText.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                // keepalived ignores a prefix length here; it is harmless but misleading.
                ctx.Diag.Warning(
                    e.Location,
                    "address-prefix",
                    $"unicast_peer {peerText}: the prefix length is ignored");
                peerText = peerText[..slash];
            }
            if (!Values.TryParseIp(peerText, out var addr))
            {
                ctx.Diag.Ignored(
                    e.Location,
                    "invalid-address",
                    $"unicast_peer '{Values.Short(e.Keyword)}' is not an IP address; ignored");
                continue;
            }
            // Build skips a peer of the other family; a peer may fix the family when nothing did before.
            ClaimFamily(
                addr.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4);
            var peer = new UnicastPeerConfig { Address = addr, Location = e.Location };
            for (var i = 0; i < e.Args.Count; i++)
            {
                var opt = e.Args[i];
                if (opt is "min_ttl" or "max_ttl"
                    && i + 1 < e.Args.Count
                    && int.TryParse(e.Args[i + 1], out var ttl)
                    && ttl is >= 0 and <= 255)
                {
                    peer = opt == "min_ttl" ? peer with { MinTtl = ttl } : peer with { MaxTtl = ttl };
                    i++;
                }
                else
                {
                    ctx.Diag.Ignored(
                        e.ArgLocation(i),
                        "unknown-option",
                        $"unicast_peer {e.Keyword}: invalid option '{Values.Short(opt)}'; ignored");
                    break;
                }
            }
            if (Peers.Exists(p => p.Address.Equals(addr)))
                ctx.Diag.Warning(e.Location, "duplicate-peer", $"unicast_peer {addr} listed twice");
            else
                Peers.Add(peer);
        }
    }

    public void ParseAuth(Statement block, ParseContext ctx)
    {
        AuthAt = block.Location;
        foreach (var e in block.Block ?? [])
        {
            switch (e.Keyword)
            {
                case "auth_type":
                    if (!Values.Arg(e, 0, ctx, out var t))
                        break;
                    if (t == "PASS")
                    {
                        Set(c => c with { AuthType = AuthType.Pass });
                    }
                    else if (t == "AH")
                    {
                        Set(c => c with { AuthType = AuthType.Ah });
                    }
                    else
                    {
                        ctx.Diag.Ignored(
                            e.ArgLocation(0),
                            "invalid-auth",
                            $"auth_type '{Values.Short(t)}' is not PASS or AH (case-sensitive); ignored");
                    }

                    break;
                case "auth_pass":
                    if (!Values.Arg(e, 0, ctx, out var p))
                        break;
                    if (System.Text.Encoding.UTF8.GetByteCount(p) > 8)
                    {
                        ctx.Diag.Ignored(
                            e.ArgLocation(0),
                            "auth-pass-truncated",
                            "auth_pass is longer than 8 characters; only the first 8 are used");
                        p = p.Length > 8 ? p[..8] : p;
                    }
                    Set(c => c with { AuthPass = p });
                    break;
                default:
                    ctx.Diag.Ignored(e.Location, "unknown-keyword",
                        $"unknown keyword '{Values.Short(e.Keyword)}' in authentication; " +
                        $"ignored{Suggest.Hint(e.Keyword, ["auth_type", "auth_pass"])}");
                    break;
            }
        }
    }

    public static IPAddress DefaultGroup(IpFamily family, GlobalDefs g) =>
        family == IpFamily.IPv6 ? g.McastGroup6 : g.McastGroup4;
}
