using Vigil.Engine.Model;

namespace Vigil.Engine.Effects;

/// <summary>Add a VIP (RTM_NEWADDR); the driver answers with an <see cref="Events.AddressResult"/>.</summary>
public sealed record AddAddress(string Instance, VirtualAddress Address) : EngineEffect;
