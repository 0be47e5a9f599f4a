using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>One VMAC interface a configuration needs (<c>use_vmac</c>): a macvlan in private mode called
/// <paramref name="Name"/> on <paramref name="BaseInterface"/>, with the RFC 5798 virtual router MAC
/// <paramref name="Mac"/> (00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6, unless use_vmac gives one). With
/// <paramref name="XmitBase"/> (<c>vmac_xmit_base</c>) adverts use the base interface and the VMAC only holds the
/// VIPs.</summary>
public sealed record VmacNeed(
    string Name,
    string BaseInterface,
    IpFamily Family,
    byte Vrid,
    string Mac,
    bool XmitBase,
    string Instance)
{
    /// <summary>The MAC as six bytes.</summary>
    public byte[] MacBytes() => [.. Mac.Split(':').Select(o => Convert.ToByte(o, 16))];
}

public sealed partial class VrrpEngine
{
    // Why a need and not an effect: keepalived 2.2.7 (observed) creates the VMAC and brings it up when it starts,
    // whatever the instance's state (BACKUP, FAULT with the base interface down), keeps it in every state and
    // deletes it only at stop. Its life follows the configuration, not the state machine, exactly like the raw
    // sockets (SocketsNeeded): so the engine says which VMACs a configuration needs before it is loaded, and the
    // driver makes the kernel agree at start, at reload and when a base interface comes or goes. The VIPs, adverts
    // and announcements of the instance then simply name the VMAC interface.

    /// <summary>The VMAC interfaces a configuration needs, one per instance with <c>use_vmac</c>; the first instance
    /// wins when two name the same VMAC.</summary>
    public static IReadOnlyList<VmacNeed> VmacsNeeded(VigilConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var needs = new List<VmacNeed>();
        foreach (var i in config.Instances)
        {
            if (i.VmacName is not { } name || needs.Exists(n => n.Name == name))
            {
                continue;
            }

            var vrid = (byte)i.Vrid;
            // A MAC of 5 octets given after use_vmac takes the VRID as its sixth, as keepalived does.
            var mac = i.VmacMac is { } given
                ? given.Split(':').Length == 5 ? $"{given}:{vrid:x2}" : given
                : $"00:00:5e:00:{(i.Family == IpFamily.IPv6 ? "02" : "01")}:{vrid:x2}";
            needs.Add(new VmacNeed(
                name,
                i.Interface ?? config.Global.DefaultInterface,
                i.Family,
                vrid,
                mac,
                i.VmacXmitBase,
                i.Name));
        }

        return needs;
    }

    /// <summary>The interface an instance sends and receives adverts on: its VMAC with <c>use_vmac</c> (unless
    /// <c>vmac_xmit_base</c>), else its interface, as keepalived's socket pool does.</summary>
    public static string AdvertInterface(VrrpInstanceConfig instance, GlobalDefs globals)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(globals);
        return instance.VmacName is { } vmac && !instance.VmacXmitBase
            ? vmac
            : instance.Interface ?? globals.DefaultInterface;
    }
}
