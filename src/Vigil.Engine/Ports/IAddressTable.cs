using Vigil.Engine.Effects;
using Vigil.Engine.Events;

namespace Vigil.Engine.Ports;

/// <summary>The kernel's address and link table: adds and removes VIPs (the answer goes straight back into the
/// engine) and sets per-interface address behaviour.</summary>
public interface IAddressTable
{
    AddressResult Add(AddAddress add);

    /// <summary>Removing an address that is not there is success.</summary>
    AddressResult Remove(RemoveAddress remove);

    void PromoteSecondaries(PromoteSecondaries promote);
}
