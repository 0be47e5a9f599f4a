using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>The interfaces that want promote_secondaries set: each flagged instance's own interface and the
    /// interfaces its VIPs name.</summary>
    private void EmitPromoteSecondaries()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in _instances)
        {
            if (!instance.Config.PromoteSecondaries)
            {
                continue;
            }

            foreach (var name in instance.Vips.Concat(instance.ExcludedVips)
                         .Select(v => v.Interface).Prepend(instance.Interface))
            {
                if (seen.Add(name))
                {
                    Emit(new PromoteSecondaries(name));
                }
            }
        }
    }

    /// <summary>
    /// The kernel reports that <paramref name="address"/> left <paramref name="interfaceName"/> (netlink
    /// RTM_DELADDR), whoever removed it. When it is the VIP of an instance that is MASTER and holds its VIPs, it is
    /// added back and announced: without promote_secondaries, removing the primary address of a subnet (another
    /// instance leaving MASTER) deletes every secondary of that subnet with it, and a MASTER must not silently lose
    /// its VIP. Our own removals are not re-added: an instance clears its installed flag before removing.
    /// </summary>
    public void OnAddressDeleted(string interfaceName, IPAddress address, MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        foreach (var instance in _instances)
        {
            if (instance.State == VrrpState.Master && instance.AddressesInstalled)
            {
                instance.RestoreDeletedVip(interfaceName, address, now);
            }
        }

        RestoreStaticAddress(interfaceName, address);
    }

    /// <summary>A static address someone deleted is added back, as keepalived 2.2.7 does ("Restoring deleted static
    /// address ..."). Our own removals (stop, a reload's diff) are no longer in the list when the kernel reports
    /// them.</summary>
    private void RestoreStaticAddress(string interfaceName, IPAddress address)
    {
        if (_staticAddresses.FirstOrDefault(a => a.Interface == interfaceName && a.Address.Equals(address)) is { } lost)
        {
            Logs.Routes.StaticAddressRestored(lost.ToString(), lost.Interface);
            Emit(new AddAddress(StaticOwner, lost));
        }
    }

    /// <summary>The driver lost address notifications (a netlink overflow) and re-listed the interfaces: every VIP
    /// of a MASTER that <paramref name="isPresent"/> says is gone is treated as deleted.</summary>
    public void RecheckVips(Func<string, IPAddress, bool> isPresent, MonotonicTime now)
    {
        Touch();
        if (IsStopped)
        {
            return;
        }

        foreach (var instance in _instances)
        {
            if (instance.State != VrrpState.Master || !instance.AddressesInstalled)
            {
                continue;
            }

            foreach (var vip in instance.Vips.Concat(instance.ExcludedVips).ToList())
            {
                if (!isPresent(vip.Interface, vip.Address))
                {
                    instance.RestoreDeletedVip(vip.Interface, vip.Address, now);
                }
            }
        }

        foreach (var a in _staticAddresses.Where(a => !isPresent(a.Interface, a.Address)).ToList())
        {
            RestoreStaticAddress(a.Interface, a.Address);
        }
    }
}
