using Vigil.Engine.Model;

namespace Vigil.Engine.Events;

/// <summary>What the kernel said about an <see cref="Effects.AddAddress"/> or <see cref="Effects.RemoveAddress"/>.
/// Removing an address that is not there counts as success.</summary>
public readonly record struct AddressResult(
    string Instance,
    VirtualAddress Address,
    AddressOperation Operation,
    bool Ok,
    string? Error);
