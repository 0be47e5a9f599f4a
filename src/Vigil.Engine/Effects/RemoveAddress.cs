using Vigil.Engine.Model;

namespace Vigil.Engine.Effects;

/// <summary>Remove a VIP (RTM_DELADDR). "Not present" is success: start-up removes leftovers this way.</summary>
public sealed record RemoveAddress(string Instance, VirtualAddress Address) : EngineEffect;
