using Vigil.Core.Primitives;

namespace Vigil.Core.Tracking;

/// <summary>The outcome of feeding one result to a script counter: the state before and after.
/// Only a transition (<see cref="IsTransition"/>) moves priority or fault.</summary>
public readonly record struct ScriptStateChange(ScriptState From, ScriptState To)
{
    public bool IsTransition => From != To;

    public override string ToString() => IsTransition ? $"{From} -> {To}" : $"{To} (no change)";
}
