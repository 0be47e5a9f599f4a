namespace Vigil.Operations.Status;

/// <summary>One VMAC interface as the daemon keeps it (use_vmac): for status, explain and metrics.</summary>
/// <param name="IfIndex">The kernel's index, 0 while the VMAC does not exist (base interface missing, creation
/// failed).</param>
/// <param name="AdvertInterface">Where the instance's adverts go: the VMAC, or the base with vmac_xmit_base.</param>
/// <param name="Errors">Times creating, configuring or deleting it failed.</param>
/// <param name="LastError">The last failure, null when none.</param>
public sealed record VmacState(string Name, string Instance, int IfIndex, string Mac, string BaseInterface,
    string AdvertInterface, bool XmitBase, long Errors, string? LastError);
