using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Config.Semantics;

internal sealed partial class InstanceBuilder
{
    /// <summary>Applies keepalived's defaults and derivations (vrrp.c `vrrp_complete_instance`); null when the
    /// instance cannot exist (no VRID).</summary>
    public VrrpInstanceConfig? Build(GlobalDefs g, ParseContext ctx)
    {
        var d = ctx.Diag;
        if (!VridSet)
        {
            // keepalived -t reports this and exits 5, but its daemon then refuses the whole configuration
            // (permanent CONFIG error), so the honest verdict is "cannot run".
            if (!d.Escalate(
                VridRejected,
                $"({Name}) has no virtual_router_id and keepalived refuses to start with such an instance"))
            {
                d.Fatal(
                    At,
                    "missing-vrid",
                    $"({Name}) virtual_router_id is missing; keepalived refuses to start with such an instance");
            }

            return null;
        }
        var c = C;

        // Family: fixed in file order by the first VIP, source address, peer or native_ipv6; else IPv4.
        var family = Family ?? IpFamily.IPv4;
        var vips = new List<VirtualIpAddress>(Vips.Count);
        foreach (var v in Vips)
        {
            if (v.Family == family)
            {
                vips.Add(v);
            }
            else
            {
                DroppedInterface(v.Dev, v.Location, g, ctx);
                d.Ignored(
                    v.Location,
                    "lint-vip-family",
                    $"({Name}) VIP {v.Address} is {Fam(v.Family)} but the instance is {Fam(family)}: one instance " +
                    $"carries one family (use virtual_ipaddress_excluded or a second instance); ignored");
            }
        }
        // keepalived skips a peer of the other family ("MUST be of the same family !!! Skipping").
        foreach (var p in Peers.Where(p => FamilyOf(p.Address) != family).ToList())
        {
            d.Ignored(p.Location, "peer-family", $"({Name}) unicast_peer {p.Address} is not {Fam(family)}; ignored");
            Peers.Remove(p);
        }

        var version = family == IpFamily.IPv6 ? 3 : Version ?? g.VrrpVersion;
        if (family == IpFamily.IPv6 && Version == 2)
        {
            // keepalived refuses this only under vrrp_strict; otherwise it speaks v2 over IPv6, which RFC 3768 does
            // not define and Vigil does not do (tests/Vigil.Config.Tests/DISAGREEMENTS.md).
            if (Strict ?? g.Strict)
            {
                d.Ignored(VersionAt, "version", $"({Name}) cannot use IPv6 with VRRP version 2; using 3");
            }
            else
            {
                d.Warning(
                    VersionAt,
                    "version",
                    $"({Name}) IPv6 needs VRRP version 3; using 3 (keepalived would send version 2 over IPv6)");
            }
        }

        // advert_int: v2 whole seconds, v3 centiseconds up to 40.95 s.
        var adv = AdvertSeconds ?? 1m;
        int advMs;
        if (version == 2)
        {
            var whole = Math.Max(1m, Math.Round(adv, MidpointRounding.AwayFromZero));
            if (whole != adv)
            {
                d.Ignored(
                    AdvertAt,
                    "advert-rounded",
                    $"({Name}) VRRPv2 advert_int must be whole seconds; {adv} rounded to {whole}");
            }

            advMs = (int)(whole * 1000m);
        }
        else
        {
            var cs = Math.Round(adv * 100m, MidpointRounding.AwayFromZero);
            if (cs > 4095m)
            {
                d.Ignored(AdvertAt, "advert-clamped", $"({Name}) VRRPv3 advert_int is at most 40.95 s; using 40.95");
                cs = 4095m;
            }
            if (cs < 1m)
                cs = 1m;
            if (cs != adv * 100m)
            {
                d.Warning(
                    AdvertAt,
                    "advert-rounded",
                    $"({Name}) VRRPv3 advert_int {adv} rounded to {cs / 100m} (10 ms units)");
            }

            advMs = (int)(cs * 10m);
        }

        var strict = Strict ?? g.Strict;
        var priority = PrioritySet ? c.Priority : (StateSet && c.ConfiguredState == VrrpState.Master ? 255 : 100);
        var state = StateSet ? c.ConfiguredState : (priority == 255 ? VrrpState.Master : VrrpState.Backup);
        var owner = priority == 255;
        if (StateSet && PrioritySet && state == VrrpState.Master && !owner)
        {
            if (strict)
            {
                // keepalived reports it and sets the state to BACKUP (observed in its dump).
                d.Error(
                    StateAt,
                    "strict-state",
                    $"({Name}) strict mode: state MASTER must match being address owner (priority 255); using BACKUP");
                state = VrrpState.Backup;
            }
            else
            {
                d.Warning(
                    StateAt,
                    "lint-master-not-owner",
                    $"({Name}) state MASTER without priority 255 still starts as BACKUP and waits 3 adverts before " +
                    $"becoming MASTER");
            }
        }

        var preempt = !NoPreempt;
        if (NoPreempt && (state == VrrpState.Master || owner))
        {
            d.Ignored(
                NoPreemptAt,
                "nopreempt-cleared",
                $"({Name}) nopreempt does not work with {(owner ? "priority 255" : "state MASTER")}; cleared");
            preempt = true;
        }
        if (c.TimerExpiredBackup is not null && preempt)
        {
            d.Ignored(
                c.Location,
                "timer-expired-backup-preempt",
                $"({Name}) timer_expired_backup requires nopreempt - resetting");
            c = c with { TimerExpiredBackup = null };
        }
        var preemptDelay = c.PreemptDelayMs;
        if (preemptDelay > 0)
        {
            string? why = !preempt
                ? "nopreempt (it has no effect and is reset)"
                : state == VrrpState.Master
                    ? "state MASTER (it is cleared)"
                    : strict ? "strict mode (it is cleared)" : null;
            if (why is not null)
            {
                d.Ignored(PreemptDelayAt, "lint-preempt-delay", $"({Name}) preempt_delay together with {why}");
                preemptDelay = 0;
            }
        }

        var auth = c.AuthType;
        if (auth != AuthType.None && strict)
        {
            d.Error(AuthAt, "strict-auth", $"({Name}) strict mode does not support authentication; ignored");
            auth = AuthType.None;
        }
        if (auth != AuthType.None && version == 3)
        {
            d.Warning(AuthAt, "auth-v3", $"({Name}) VRRPv3 has no authentication; ignored");
            auth = AuthType.None;
        }
        if (auth == AuthType.Ah && state == Vigil.Core.Primitives.VrrpState.Master)
        {
            d.Ignored(
                StateAt,
                "ah-master",
                $"({Name}) initial state MASTER is incompatible with AH authentication; state cleared to BACKUP");
            state = Vigil.Core.Primitives.VrrpState.Backup;
        }
        // keepalived: "Authentication specified but no password given. Ignoring" (AH needs the key as much as PASS).
        if (auth is AuthType.Pass or AuthType.Ah && c.AuthPass is null)
        {
            d.Ignored(AuthAt, "auth-pass-missing", $"({Name}) authentication without auth_pass; ignored");
            auth = AuthType.None;
        }
        var hmac = BuildHmac(ref auth, strict, advMs, d);

        // keepalived 2.2.7 ("Unknown interface!") refuses to start an instance without an interface, even a
        // unicast one with unicast_src_ip: -t exits 5 but the daemon stops with a permanent CONFIG error.
        if (c.Interface is null
            && !d.Escalate(InterfaceRejected, $"({Name}) has no interface and keepalived refuses to start without one"))
        {
            d.Fatal(At, "missing-interface", $"({Name}) no interface given; keepalived refuses to start without one");
        }

        if (vips.Count == 0 && !NoVirtualIpAddress)
        {
            if (version == 3 || strict)
                d.Error(At, "no-vips", $"({Name}) no virtual_ipaddress: VRRPv3 and strict mode need at least one");
            else
                d.Ignored(At, "no-vips", $"({Name}) no virtual_ipaddress");
        }

        // keepalived 2.2.7 runs unicast peers in strict mode (-t exits 0); 2.4.3 refuses the whole configuration when
        // the interface can multicast (a host fact the check cannot see). Vigil runs it as 2.2.7 and says so.
        if (strict && Peers.Count > 0)
        {
            d.Warning(
                At,
                "keepalived-2.4",
                $"({Name}) unicast peers in strict mode: keepalived 2.4.3 refuses them on a multicast interface " +
                $"(\"Unicast peers are not supported in strict mode\", the daemon stops); keepalived 2.2.7 " +
                $"and Vigil run them");
        }
        // RFC 5798 wants an IPv6 virtual router's first address link-local; keepalived 2.2.7 reports it only in strict
        // mode (-t exits 5; otherwise an info line) and runs as configured.
        if (strict && family == IpFamily.IPv6 && vips.Count > 0 && !vips[0].Address.IsIPv6LinkLocal)
        {
            d.Ignored(
                vips[0].Location,
                "strict-ipv6-link-local",
                $"({Name}) the first IPv6 VIP address must be link local");
        }

        var accept = Accept ?? (!strict || owner);
        if (strict && accept && version == 2 && !owner)
        {
            // keepalived 2.2.7 reports it as a configuration error (-t exits 5) and runs with no_accept.
            d.Ignored(
                AcceptAt,
                "strict-accept",
                $"({Name}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting");
            accept = false;
        }
        var lowerPrioNoAdvert = strict || (LowerPrioNoAdvert ?? g.LowerPrioNoAdvert ?? false);
        var higherPrioSendAdvert = !strict && (HigherPrioSendAdvert ?? g.HigherPrioSendAdvert ?? false);
        var garpRepeat = GarpMasterRepeat ?? g.GarpMasterRepeat;
        var garpDelay = GarpMasterDelayMs ?? g.GarpMasterDelayMs;
        var lowerDelay = strict ? 0 : GarpLowerPrioDelayMs ?? g.GarpLowerPrioDelayMs ?? garpDelay;
        var lowerRepeat = strict ? 0 : GarpLowerPrioRepeat ?? g.GarpLowerPrioRepeat ?? garpRepeat;

        if (Peers.Count == 0 && (c.UnicastSrcIp is not null || UnicastPeerBlockSeen))
        {
            d.Ignored(
                At,
                "unicast-no-peers",
                $"({Name}) unicast keywords without any unicast peer: keepalived falls back to multicast " +
                $"(deprecated usage)");
        }

        foreach (var p in Peers)
        {
            if (c.UnicastSrcIp is not null && p.Address.Equals(c.UnicastSrcIp))
            {
                d.Warning(
                    p.Location,
                    "lint-peer-is-self",
                    $"({Name}) unicast_peer {p.Address} is our own unicast_src_ip");
            }
        }

        // keepalived counts an instance as unicast here as soon as it has a unicast_peer block, even an empty one.
        if (c.UseVmac is not null && (Peers.Count > 0 || UnicastPeerBlockSeen) && !VmacXmitBase)
        {
            d.Ignored(
                At,
                "vmac-unicast",
                $"({Name}) unicast with use_vmac requires vmac_xmit_base; keepalived sets it");
        }

        var scripts = Owned(Scripts, owner, "track script", d);
        var files = Owned(Files, owner, "track file", d);
        var interfaces = Owned(OwnInterfaceRemoved(d), owner, "track interface", d);
        foreach (var t in Interfaces.Where(t => !interfaces.Contains(t)))
            DroppedInterface(t.Name, t.Location, g, ctx);
        var processes = Owned(Processes, owner, "track process", d);
        var bfds = Owned(Bfds, owner, "track bfd", d);

        return c with
        {
            Family = family,
            Version = version,
            ConfiguredState = state,
            StateConfigured = StateSet,
            Priority = priority,
            AdvertIntervalMs = advMs,
            Preempt = preempt,
            PreemptDelayMs = preemptDelay,
            AuthType = auth,
            AuthPass = auth == AuthType.None ? null : c.AuthPass,
            AuthHmac = hmac,
            VirtualIpAddresses = ResolveDevs(vips, c, family),
            VirtualIpAddressesExcluded = ResolveDevs(ExcludedVips, c, family),
            McastDstIp = McastDstSet ? c.McastDstIp : DefaultGroup(family, g),
            UnicastPeers = [.. Peers],
            TrackScripts = scripts,
            TrackInterfaces = interfaces,
            TrackFiles = files,
            TrackProcesses = processes,
            TrackBfds = bfds,
            GarpMasterDelayMs = garpDelay,
            GarpMasterRepeat = strict ? 0 : garpRepeat,
            GarpMasterRefreshMs = GarpMasterRefreshMs ?? g.GarpMasterRefreshMs,
            GarpMasterRefreshRepeat = GarpMasterRefreshRepeat ?? g.GarpMasterRefreshRepeat,
            GarpLowerPrioDelayMs = lowerDelay,
            GarpLowerPrioRepeat = lowerRepeat,
            LowerPrioNoAdvert = lowerPrioNoAdvert,
            HigherPrioSendAdvert = higherPrioSendAdvert,
            V3ChecksumAsV2 = V3ChecksumAsV2 ?? g.V3ChecksumAsV2,
            CheckUnicastSrc = CheckUnicastSrc ?? g.CheckUnicastSrc,
            DownTimerAdverts = strict ? 3 : DownTimerAdverts ?? g.DownTimerAdverts,
            Accept = accept,
            Strict = strict,
            SkipCheckAdvAddr = SkipCheckAdvAddr ?? g.SkipCheckAdvAddr,
            OwnerIgnoreAdverts = OwnerIgnoreAdverts ?? (g.OwnerIgnoreAdverts || (strict && owner)),
            NotifyPriorityChanges = NotifyPriorityChanges ?? g.NotifyPriorityChanges,
            // keepalived sets vmac_xmit_base itself for a unicast instance (the vmac-unicast diagnostic above).
            VmacXmitBase = c.UseVmac is not null && (VmacXmitBase || Peers.Count > 0 || UnicastPeerBlockSeen),
            VirtualRoutes = [.. Routes],
            VirtualRules = [.. Rules],
            Routes = [.. RouteList],
            Rules = [.. RuleList],
            OtherKeywords = [.. Other],
        };
    }

    /// <summary>keepalived's resolved VIP device: the one given with `dev`, else the instance's interface, or its VMAC
    /// interface with use_vmac (`vrrp.VRID` unless named; also for a VIP written with the instance's own interface).
    /// Dev itself stays as written; the engine puts VIPs on ResolvedDev.</summary>
    private static List<VirtualIpAddress> ResolveDevs(
        List<VirtualIpAddress> list,
        VrrpInstanceConfig c,
        IpFamily family)
    {
        var vmac = c.VmacName;
        // With use_vmac, a VIP written on the instance's own interface goes on the VMAC interface too; an excluded
        // VIP of the other family stays on the instance's interface (keepalived's VMAC is the instance family's).
        return list.ConvertAll(v =>
        {
            var onVmac = vmac is not null && v.Family == family;
            var resolved = onVmac ? vmac : c.Interface;
            return v with { ResolvedDev = v.Dev is null || (onVmac && v.Dev == c.Interface) ? resolved : v.Dev };
        });
    }

    /// <summary>keepalived ignores (and reports, exit 5) a track_interface naming the instance's own
    /// interface.</summary>
    private List<TrackerRef> OwnInterfaceRemoved(DiagnosticBag d)
    {
        var kept = new List<TrackerRef>(Interfaces.Count);
        foreach (var t in Interfaces)
        {
            if (C.Interface is not null && t.Name == C.Interface)
            {
                d.Ignored(
                    t.Location,
                    "track-own-interface",
                    $"({Name}) track_interface {t.Name} is the instance's own interface (always tracked); ignored");
            }
            else
            {
                kept.Add(t);
            }
        }
        return kept;
    }

    /// <summary>keepalived checks that an interface exists even for an entry it then ignores (a VIP of the other
    /// family, a weighted tracker of an address owner), and refuses to start when it does not. The host checks
    /// that run later only see what stays in the model, so such entries are checked here.</summary>
    private static void DroppedInterface(string? name, SourceLocation at, GlobalDefs g, ParseContext ctx)
    {
        if (name is null || ctx.Options.Host is not { } host || g.DynamicInterfaces || host.InterfaceExists(name))
            return;
        ctx.Diag.BadInterface(
            at,
            "interface-missing",
            $"interface {name} does not exist on this host (keepalived checks it although the entry is ignored)");
    }

    // An address owner's priority never changes, so keepalived drops its weighted trackers.
    private List<TrackerRef> Owned(List<TrackerRef> list, bool owner, string kind, DiagnosticBag d)
    {
        if (!owner)
            return [.. list];
        var kept = new List<TrackerRef>(list.Count);
        foreach (var t in list)
        {
            if (t.Weight == 0)
            {
                kept.Add(t);
            }
            else
            {
                d.Ignored(
                    t.Location,
                    "owner-weight",
                    $"({Name}) cannot have weighted {kind} '{t.Name}' with priority 255; ignored");
            }
        }
        return kept;
    }

    private static IpFamily FamilyOf(System.Net.IPAddress a) =>
        a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    private static string Fam(IpFamily f) => f == IpFamily.IPv6 ? "IPv6" : "IPv4";
}
