using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Linux.Netlink;
using Vigil.Logging;
using Vigil.Operations.Status;

namespace Vigil.Daemon;

/// <summary>
/// VMAC interfaces (use_vmac): the kernel is made to agree with <see cref="VrrpEngine.VmacsNeeded"/> at start, at
/// reload and when a base interface or a VMAC changes. As keepalived 2.2.7 does (observed in namespaces): a macvlan
/// in private mode with the virtual router MAC, brought up at once whatever the instance's state; on an IPv4 VMAC
/// arp_ignore=1, accept_local=1, rp_filter=0 and IPv6 disabled, and on its base arp_ignore=1, arp_filter=1 (left so
/// at stop, as keepalived leaves them); on every VMAC addr_gen_mode=none, and on an IPv6 VMAC that sends adverts a
/// copy of the base's link-local address (no DAD, preferred lifetime 0) so adverts leave with the same source as
/// from the base. A VMAC of the right kind left by a killed run is adopted; a macvlan of that name that differs is
/// recreated; an interface of that name that is not a macvlan is never touched. All are deleted at stop.
/// Unlike keepalived, a base interface that is down or missing at start is no reason to stay FAULT: the VMAC is
/// created (or completed) when the base appears or gets its link-local address.
/// </summary>
public sealed partial class VigilDaemon
{
    private const uint MacvlanPrivate = 1;
    private readonly Dictionary<string, VmacNeed> _vmacs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Errors, string? Last)> _vmacErrors = new(StringComparer.Ordinal);

    /// <summary>The VMACs of the running configuration, for status and metrics; read on the loop only.</summary>
    public IReadOnlyList<VmacState> Vmacs =>
        [.. VrrpEngine.VmacsNeeded(_config).Select(n =>
        {
            var index = _vmacs.ContainsKey(n.Name) && _links.TryGetValue(n.Name, out var l) ? l.Index : 0;
            var (errors, last) = _vmacErrors.GetValueOrDefault(n.Name);
            return new VmacState(
                n.Name,
                n.Instance,
                index,
                n.Mac,
                n.BaseInterface,
                n.XmitBase ? n.BaseInterface : n.Name,
                n.XmitBase,
                errors,
                last);
        })];

    /// <summary>Creates, adopts or repairs every VMAC the configuration needs; refreshes the link table when the
    /// kernel's links changed. Returns whether anything was created or recreated.</summary>
    private bool EnsureVmacs(VigilConfig config)
    {
        var needs = VrrpEngine.VmacsNeeded(config);
        if (needs.Count == 0)
            return false;
        var kernel = _netlink.ListLinks().ToDictionary(l => l.Name, StringComparer.Ordinal);
        bool changed = false;
        foreach (var need in needs)
            changed |= EnsureVmac(need, kernel);
        foreach (var link in _netlink.ListLinks())
            _links[link.Name] = link;
        return changed;
    }

    private bool EnsureVmac(VmacNeed need, Dictionary<string, LinkInfo> kernel)
    {
        if (!kernel.TryGetValue(need.BaseInterface, out var baseLink))
        {
            if (FirstTime($"vmac-nobase/{need.Name}"))
                _vmacLogger.VmacBaseMissing(need.Instance, need.BaseInterface, need.Name);
            return false;
        }
        var mac = need.MacBytes();
        bool created = false;
        if (kernel.TryGetValue(need.Name, out var existing))
        {
            bool same = existing.Kind == "macvlan"
                && existing.ParentIndex == baseLink.Index
                && existing.MacvlanMode == MacvlanPrivate
                && existing.Mac is { } m && m.GetAddressBytes().AsSpan().SequenceEqual(mac);
            if (!same && existing.Kind != "macvlan")
            {
                VmacFailed(need, $"interface {need.Name} exists and is not a macvlan: left alone, VMAC not created");
                return false;
            }
            if (!same)
            {
                _vmacLogger.VmacRecreating(need.Instance, need.Name);
                DeleteVmacLink(need.Name, existing.Index);
            }
            else if (!_vmacs.ContainsKey(need.Name))
            {
                _vmacLogger.VmacReused(need.Instance, need.Name, existing.Index);
            }
            if (!same)
                existing = null;
        }
        if (existing is null)
        {
            var result = _netlink.CreateMacvlan(need.Name, baseLink.Index, mac);
            if (!result.Ok)
            {
                VmacFailed(
                    need,
                    $"cannot create VMAC interface {need.Name} on {need.BaseInterface}: {result.Describe()}");
                return false;
            }
            existing = _netlink.FindLink(need.Name);
            if (existing is null)
            {
                VmacFailed(need, $"VMAC interface {need.Name} vanished after its creation");
                return false;
            }
            created = true;
            _vmacLogger.VmacCreated(need.Instance, need.Name, existing.Index, $"{need.Mac}", need.BaseInterface);
        }
        // Before the link goes up: no kernel-made link-local address from the shared virtual MAC (it would be the
        // same on every router, and fail DAD).
        VmacSysctl(need, "ipv6", need.Name, "addr_gen_mode", "1");
        if (need.Family == IpFamily.IPv4)
        {
            VmacSysctl(need, "ipv6", need.Name, "disable_ipv6", "1");
            VmacSysctl(need, "ipv4", need.Name, "arp_ignore", "1");
            VmacSysctl(need, "ipv4", need.Name, "accept_local", "1");
            VmacSysctl(need, "ipv4", need.Name, "rp_filter", "0");
            // The base must not answer ARP for the VIPs with its own MAC.
            VmacSysctl(need, "ipv4", need.BaseInterface, "arp_ignore", "1");
            VmacSysctl(need, "ipv4", need.BaseInterface, "arp_filter", "1");
        }
        if ((existing.Flags & LinkInfo.IffUp) == 0)
        {
            var up = _netlink.SetLinkUp(existing.Index, true);
            if (!up.Ok)
                VmacFailed(need, $"cannot bring VMAC interface {need.Name} up: {up.Describe()}");
        }
        _vmacs[need.Name] = need;
        CopyLinkLocal(need, baseLink.Index, existing.Index);
        if (created)
            CloseSocketsOn(need.Name);
        return created;
    }

    /// <summary>An IPv6 VMAC that sends adverts carries its base's link-local address (keepalived's way), so
    /// adverts have the base's source address and the kernel accepts that source on the VMAC.</summary>
    private void CopyLinkLocal(VmacNeed need, int baseIndex, int vmacIndex)
    {
        if (need.Family != IpFamily.IPv6 || need.XmitBase)
            return;
        var linkLocal = _netlink.ListAddresses(System.Net.Sockets.AddressFamily.InterNetworkV6)
            .FirstOrDefault(a => a.IfIndex == baseIndex && a.Address.IsIPv6LinkLocal);
        if (linkLocal is null)
            return; // the base is down or has none yet: done when it gets one (OnLinkLocalAdded)
        var copy = new AddressInfo(
            vmacIndex,
            new IPAddress(linkLocal.Address.GetAddressBytes()),
            linkLocal.Prefix,
            Scope: 253) { Deprecated = true };
        var result = _netlink.AddAddress(copy);
        if (!result.Ok)
            VmacFailed(need, $"cannot add {copy.Address} to VMAC interface {need.Name}: {result.Describe()}");
        else if (!result.AlreadyDone)
            _vmacLogger.VmacAddressAssigned(need.Instance, $"{copy.Address}", need.Name);
    }

    /// <summary>A link-local address appeared: copy it to the IPv6 VMACs of that base, and tell the engine the
    /// base's link-local address (the source of IPv6 adverts) when it had none.</summary>
    private void OnLinkLocalAdded(AddressInfo address, MonotonicTime now)
    {
        var baseLink = _links.Values.FirstOrDefault(l => l.Index == address.IfIndex);
        if (baseLink is null)
            return;
        bool isBase = false;
        foreach (var need in _vmacs.Values.Where(
            n => n.BaseInterface == baseLink.Name && n.Family == IpFamily.IPv6).ToList())
        {
            isBase = true;
            if (_links.TryGetValue(need.Name, out var vmac))
                CopyLinkLocal(need, baseLink.Index, vmac.Index);
        }
        // The link-local address of a base that was down at start arrives only now: it is the adverts' source.
        if (isBase)
        {
            _engine.OnInterfaceAddress(
                baseLink.Name,
                IpFamily.IPv6,
                new IPAddress(address.Address.GetAddressBytes()),
                now);
        }
    }

    private async Task PumpAddedLinkLocals()
    {
        await foreach (var address in _linkMonitor.AddedLinkLocals.ReadAllAsync().ConfigureAwait(false))
            _inbox.TryPost(new DriverInput.Invoke(() => OnLinkLocalAdded(address, MonotonicClock.Now())));
    }

    /// <summary>Called for every link change: a base interface that appears (or is recreated) gets its VMACs, and a
    /// VMAC of ours that was deleted or set down behind our back is recreated or brought up again.</summary>
    private void OnVmacLink(LinkInfo info, LinkInfo? old)
    {
        if (_vmacs.Count == 0 && VrrpEngine.VmacsNeeded(_config).Count == 0)
            return;
        bool isBase = VrrpEngine.VmacsNeeded(_config).Any(n => n.BaseInterface == info.Name);
        bool baseAppeared = isBase && (old is null || old.Index != info.Index);
        if (isBase && info.IsUpAndRunning && old is not { IsUpAndRunning: true })
            ReportBaseAddresses(info);
        // Notifications lag: the one saying a VMAC we just created is down arrives after we brought it up, so the
        // kernel is asked before anything is repaired.
        bool ourVmacLost = _vmacs.ContainsKey(info.Name) && (info.Flags & LinkInfo.IffUp) == 0
            && (_netlink.FindLink(info.Name)?.Flags & LinkInfo.IffUp ?? 0) == 0;
        if (baseAppeared || ourVmacLost)
        {
            bool recreated = EnsureVmacs(_config);
            OpenSockets(_config);
            if (recreated)
            {
                // A deleted VMAC took its VIPs with it, and putting them back failed while it was gone: a MASTER's
                // VIPs that are missing now go back on the new VMAC.
                var present = _netlink.ListAddresses()
                    .Select(a => (a.IfIndex, Address: new IPAddress(a.Address.GetAddressBytes())))
                    .ToHashSet();
                _engine.RecheckVips(
                    (name, address) => _links.TryGetValue(name, out var l) && present.Contains((l.Index, address)),
                    MonotonicClock.Now());
            }
        }
    }

    /// <summary>A base interface that appeared or came up after start (dynamic_interfaces) has addresses the start-up
    /// listing did not see: its primary IPv4 and link-local IPv6 addresses go to the engine (the adverts'
    /// source).</summary>
    private void ReportBaseAddresses(LinkInfo link)
    {
        var vips = _config.Instances.SelectMany(i => i.VirtualIpAddresses.Concat(i.VirtualIpAddressesExcluded))
            .Select(v => v.Address)
            .ToHashSet();
        var addresses = _netlink.ListAddresses().Where(a => a.IfIndex == link.Index).ToList();
        var v4 = addresses.FirstOrDefault(
            a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !vips.Contains(a.Address));
        var v6 = addresses.FirstOrDefault(a => a.Address.IsIPv6LinkLocal);
        var now = MonotonicClock.Now();
        if (v4 is not null)
            _engine.OnInterfaceAddress(link.Name, IpFamily.IPv4, v4.Address, now);
        if (v6 is not null)
            _engine.OnInterfaceAddress(link.Name, IpFamily.IPv6, new IPAddress(v6.Address.GetAddressBytes()), now);
    }

    /// <summary>After a reload: deletes the VMACs the new configuration no longer names.</summary>
    private void RemoveUnneededVmacs(VigilConfig config)
    {
        var names = VrrpEngine.VmacsNeeded(config).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _vmacs.Keys.Where(n => !names.Contains(n)).ToList())
            DeleteVmac(gone);
    }

    /// <summary>At stop, after the VIPs were removed: every VMAC goes (unless -V keeps the VIPs, which live on
    /// them).</summary>
    private void DeleteVmacs()
    {
        if (_options.DontReleaseVrrp)
            return;
        foreach (var name in _vmacs.Keys.ToList())
            DeleteVmac(name);
    }

    private void DeleteVmac(string name)
    {
        var need = _vmacs[name];
        _vmacs.Remove(name);
        CloseSocketsOn(name);
        var link = _netlink.FindLink(name);
        if (link is null || link.Kind != "macvlan")
            return;
        DeleteVmacLink(name, link.Index);
        _vmacLogger.VmacDeleted(need.Instance, name);
    }

    private void DeleteVmacLink(string name, int index)
    {
        var result = _netlink.DeleteLink(index);
        if (!result.Ok)
        {
            Count(name, $"cannot delete VMAC interface {name}: {result.Describe()}");
            _vmacLogger.VmacDeleteFailed(name, result.Describe());
        }
        CloseSocketsOn(name);
    }

    /// <summary>Sockets bound to a VMAC that is recreated or deleted are bound to a device that is gone.</summary>
    private void CloseSocketsOn(string name)
    {
        foreach (var key in _sockets.Keys.Where(k => k.Interface == name).ToList())
        {
            _sockets[key].Dispose();
            _sockets.Remove(key);
        }
        if (_ahSockets.Remove(name, out var ah))
            ah.Dispose();
    }

    private void VmacSysctl(VmacNeed need, string family, string interfaceName, string key, string value)
    {
        var path = $"/proc/sys/net/{family}/conf/{interfaceName}/{key}";
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // disable_ipv6 and addr_gen_mode are absent when IPv6 is off in the kernel: nothing to do then.
            if (family == "ipv6" && !Directory.Exists("/proc/sys/net/ipv6"))
                return;
            VmacFailed(need, $"cannot set {family} {key}={value} on {interfaceName}: {e.Message}");
        }
    }

    private void VmacFailed(VmacNeed need, string message)
    {
        Count(need.Name, message);
        if (FirstTime($"vmac/{need.Name}/{message}"))
            _vmacLogger.VmacFailed(need.Instance, message);
    }

    private void Count(string name, string message)
    {
        var (errors, _) = _vmacErrors.GetValueOrDefault(name);
        _vmacErrors[name] = (errors + 1, message);
    }
}
