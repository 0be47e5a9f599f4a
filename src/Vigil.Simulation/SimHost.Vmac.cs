using Vigil.Engine;

namespace Vigil.Simulation;

/// <summary>use_vmac in memory: a VMAC is a name for its base interface. Adverts sent on it leave from the base, and
/// adverts arriving on the base reach the instances listening on its VMACs too, as the macvlan sockets do.</summary>
public sealed partial class SimHost
{
    private Config.Model.VigilConfig? _vmacsOf;
    private IReadOnlyList<VmacNeed> _vmacs = [];

    private IReadOnlyList<VmacNeed> Vmacs()
    {
        if (!ReferenceEquals(_vmacsOf, Config))
        {
            _vmacsOf = Config;
            _vmacs = VrrpEngine.VmacsNeeded(Config);
        }

        return _vmacs;
    }

    /// <summary>The base interface of a VMAC name, or null.</summary>
    private SimInterface? VmacBase(string name)
    {
        foreach (var v in Vmacs())
        {
            if (v.Name == name)
            {
                return FindInterface(v.BaseInterface);
            }
        }

        return null;
    }

    /// <summary>The VMACs whose instances send and receive on them (not vmac_xmit_base) on
    /// <paramref name="baseName"/>.</summary>
    private IEnumerable<string> ListeningVmacs(string baseName)
    {
        foreach (var v in Vmacs())
        {
            if (v.BaseInterface == baseName && !v.XmitBase)
            {
                yield return v.Name;
            }
        }
    }
}
